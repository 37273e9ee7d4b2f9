-- The inverted index, partitioned by insertion order: each row also carries its object's part (seq >> 13, a run of
-- 8,192 consecutive seqs; Barge.Storage.Sqlite.IndexParts) as the first key column. Keyed by (field, v, seq) alone,
-- every commit appended to the end of each key's run; in a store of millions of objects each run spans many pages,
-- so a commit of a few thousand objects rewrote one page per distinct word, rating, tag … plus one random page per
-- date, and ingestion slowed as the store grew. Within a part, a commit's rows fall into the few hundred pages of
-- the newest part whatever the store's size. A query reads each part with one primary-key search (IndexParts.EveryPart).
CREATE TABLE idx_partitioned(
  part INTEGER NOT NULL,
  field INTEGER NOT NULL,
  v ANY,
  seq INTEGER NOT NULL,
  PRIMARY KEY(part, field, v, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO idx_partitioned(part, field, v, seq) SELECT seq >> 13, field, v, seq FROM idx ORDER BY seq >> 13, field, v, seq;
DROP TABLE idx;
ALTER TABLE idx_partitioned RENAME TO idx;

