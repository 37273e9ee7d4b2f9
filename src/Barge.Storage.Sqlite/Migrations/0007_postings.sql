-- The inverted index as posting lists (Barge.Storage.Relational.PostingLists): a commit writes one row per distinct
-- (part, field, value) of its objects, holding those objects' seqs as a JSON array of offsets within the part
-- (seq - (part << 13)), instead of one row per (field, value, object). An article has dozens of index entries but a
-- batch of articles only a few thousand distinct values, so the rows a commit writes follow its distinct values.
-- first is the list's lowest seq: commits append rows with new seqs and never rewrite one; the index garbage
-- collector replaces a key's rows by one row without the dead seqs. Queries expand the lists with json_each.
CREATE TABLE postings(
  part INTEGER NOT NULL,
  field INTEGER NOT NULL,
  v ANY NOT NULL,
  first INTEGER NOT NULL,
  seqs TEXT NOT NULL,
  PRIMARY KEY(part, field, v, first)
) STRICT, WITHOUT ROWID;
INSERT INTO postings(part, field, v, first, seqs)
  SELECT part, field, v, min(seq), json_group_array(seq - (part << 13)) FROM idx GROUP BY part, field, v;
DROP TABLE idx;
