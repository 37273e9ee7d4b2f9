-- The inverted index is written behind the commits (Barge.Storage.Relational.IndexSegment): a commit writes only its
-- object rows, their entries stay in memory, and a part of the index is written as posting rows once the writer has
-- moved past it. flushed is the highest seq whose entries are on disk, raised in the transaction that writes them; a
-- start rebuilds the in-memory lists from the objects above it (the objects table is the log). Every entry of an
-- existing store is on disk already.
CREATE TABLE index_state(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  flushed INTEGER NOT NULL
) STRICT;
INSERT INTO index_state(id, flushed) SELECT 1, coalesce(max(seq), 0) FROM objects;
