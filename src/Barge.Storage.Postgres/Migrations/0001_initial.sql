-- Barge PostgreSQL schema, version 1. The same model as the SQLite store (see its migrations), typed for PostgreSQL
-- and laid out for Citus: object rows and index rows carry the object id, their distribution column (docs/scale-out.md).

CREATE TABLE classes(
  name text PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY,   -- creation order (GET /v1/schema lists classes in it)
  definition text NOT NULL                        -- the class as Barge's persisted JSON (SchemaJson)
);

-- Insertion order; a replaced object gets a new seq (Weaviate's doc id order). Never reused, so an index row can never
-- point at the wrong object. Taken in blocks by the writer (nextval over a series) before its rows are copied in.
CREATE SEQUENCE objects_seq;

CREATE TABLE objects(
  seq bigint NOT NULL,
  class text NOT NULL,
  tenant text NOT NULL DEFAULT '',
  id uuid NOT NULL,
  created bigint NOT NULL,                        -- ms since epoch
  updated bigint NOT NULL,                        -- ms since epoch
  properties text NOT NULL,                       -- normalized JSON object, kept as written (key order matters to clients)
  vector bytea,                                   -- float32 little-endian
  batch bigint,                                   -- journal seq of the batch that last wrote it (NULL: single-object route)
  batch_created boolean,                          -- whether that write created it (undo)
  PRIMARY KEY (id, seq),
  UNIQUE (class, tenant, id)
);
CREATE INDEX objects_class_seq ON objects(class, tenant, seq);

-- The inverted index: one row per (field, scalar value) of an object. A field is a (class, index key) pair named by a
-- small integer. Numbers (ints, numbers, booleans as 0/1, dates as epoch ms, lengths) go to idx_num, strings (tokens,
-- uuids, reference keys) to idx_text, compared byte-wise like SQLite (COLLATE "C").
CREATE TABLE idx_fields(
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  class text NOT NULL,
  prop text NOT NULL,
  UNIQUE(class, prop)
);
CREATE TABLE idx_num(
  field integer NOT NULL,
  v double precision NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  PRIMARY KEY (field, v, seq, id)
);
CREATE TABLE idx_text(
  field integer NOT NULL,
  v text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  PRIMARY KEY (field, v, seq, id)
);

-- Index rows of replaced and deleted objects are removed in the background, as in the SQLite store.
CREATE TABLE idx_garbage(
  seq bigint PRIMARY KEY,
  id uuid NOT NULL,
  class text NOT NULL,
  properties text NOT NULL
);

-- The vector length a class is bound to once it holds a vector.
CREATE TABLE class_vectors(
  class text PRIMARY KEY,
  dimensions integer NOT NULL
);

-- The batch journal (same columns and meaning as SQLite's 0002_journal.sql).
CREATE TABLE journal(
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  "user" text NOT NULL,
  environment text NOT NULL,
  service text NOT NULL,
  name text,
  reason text,
  source text,
  status text NOT NULL,
  message text NOT NULL,
  started bigint NOT NULL,
  ended bigint,
  total bigint NOT NULL DEFAULT 0,
  succeeded bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  dry_run boolean NOT NULL DEFAULT false,
  atomic boolean NOT NULL DEFAULT false,
  idempotency_key text UNIQUE,
  request_hash text,
  answer_status integer,
  answer_type text,
  answer bytea,
  failures text
);
CREATE INDEX journal_name ON journal(name, seq);
CREATE INDEX journal_user ON journal("user", seq);
CREATE INDEX journal_started ON journal(started);

CREATE TABLE journal_ids(
  batch_seq bigint NOT NULL,
  class text NOT NULL,
  tenant text NOT NULL DEFAULT '',
  ids bytea NOT NULL,                             -- 16-byte binary UUIDs, packed
  PRIMARY KEY (batch_seq, class, tenant)
);

-- HAT link groups (see SQLite's 0004_hat_links.sql).
CREATE TABLE hat_links(
  group_id text NOT NULL,
  class text NOT NULL,
  record_id uuid NOT NULL,
  PRIMARY KEY (group_id, record_id)
);
CREATE INDEX hat_links_record ON hat_links(record_id);
