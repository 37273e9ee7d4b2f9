-- Barge SQLite schema, version 1.
CREATE TABLE classes(
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL              -- the class as Barge's persisted JSON (SchemaJson)
);

CREATE TABLE objects(
  seq INTEGER PRIMARY KEY,              -- insertion order; a replaced object gets a new seq (Weaviate's doc id order)
  class TEXT NOT NULL,
  id TEXT NOT NULL,                     -- canonical lower-case uuid
  tenant TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,             -- ms since epoch
  updated INTEGER NOT NULL,             -- ms since epoch
  properties TEXT NOT NULL,             -- normalized JSON object
  vector BLOB                           -- float32 little-endian
);
CREATE UNIQUE INDEX objects_class_id ON objects(class, tenant, id);
CREATE INDEX objects_id ON objects(id);
CREATE INDEX objects_class_created ON objects(class, created);
CREATE INDEX objects_class_updated ON objects(class, updated);

-- The inverted index: one row per (property, scalar value) of an object. See Barge.Core.Indexing.IndexEntry.
CREATE TABLE idx(
  class TEXT NOT NULL,
  prop TEXT NOT NULL,
  v ANY,
  seq INTEGER NOT NULL,
  PRIMARY KEY(class, prop, v, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX idx_by_seq ON idx(seq);

-- The vector length a class is bound to once it holds a vector.
CREATE TABLE class_vectors(
  class TEXT PRIMARY KEY,
  dimensions INTEGER NOT NULL
);
