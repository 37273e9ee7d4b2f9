-- The inverted index as posting lists (Barge.Storage.Relational.PostingLists), as in the SQLite store: a commit writes
-- one row per distinct (field, value) and part of its objects (a part: 8,192 consecutive seqs, seq >> 13), holding
-- those objects' seqs, instead of one row per (field, value, object). first is the list's lowest seq: commits append
-- rows with new seqs and never rewrite one, so nodes writing at once never touch the same row; the index garbage
-- collector replaces a part's rows of a key by one row without the dead seqs. Queries expand the lists with unnest.
-- The rows no longer carry object ids: a list holds many objects, so they are not distributed by id (docs/scale-out.md).
CREATE TABLE postings_num(
  field integer NOT NULL,
  v double precision NOT NULL,
  first bigint NOT NULL,
  seqs bigint[] NOT NULL,
  PRIMARY KEY (field, v, first)
);
CREATE TABLE postings_text(
  field integer NOT NULL,
  v text COLLATE "C" NOT NULL,
  first bigint NOT NULL,
  seqs bigint[] NOT NULL,
  PRIMARY KEY (field, v, first)
);
INSERT INTO postings_num(field, v, first, seqs)
  SELECT field, v, min(seq), array_agg(DISTINCT seq ORDER BY seq) FROM idx_num GROUP BY field, v, seq >> 13;
INSERT INTO postings_text(field, v, first, seqs)
  SELECT field, v, min(seq), array_agg(DISTINCT seq ORDER BY seq) FROM idx_text GROUP BY field, v, seq >> 13;
DROP TABLE idx_num;
DROP TABLE idx_text;
