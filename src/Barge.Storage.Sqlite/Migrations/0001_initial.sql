-- Barge SQLite schema, version 1.
CREATE TABLE classes(
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL              -- the class as Barge's persisted JSON (SchemaJson)
);

CREATE TABLE objects(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order; a replaced object gets a new seq (Weaviate's doc id order);
                                         -- never reused, so an index row can never point at the wrong object
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

-- The inverted index: one row per (field, scalar value) of an object. See Barge.Core.Indexing.IndexEntry.
-- A field is a (class, index key) pair named by a small integer, which keeps index rows short. There is no index
-- by seq: an object's rows are found again by recomputing its entries from its stored properties.
CREATE TABLE idx_fields(
  id INTEGER PRIMARY KEY,
  class TEXT NOT NULL,
  prop TEXT NOT NULL,
  UNIQUE(class, prop)
);
CREATE TABLE idx(
  field INTEGER NOT NULL,
  v ANY,
  seq INTEGER NOT NULL,
  PRIMARY KEY(field, v, seq)
) STRICT, WITHOUT ROWID;

-- The vector length a class is bound to once it holds a vector.
CREATE TABLE class_vectors(
  class TEXT PRIMARY KEY,
  dimensions INTEGER NOT NULL
);
