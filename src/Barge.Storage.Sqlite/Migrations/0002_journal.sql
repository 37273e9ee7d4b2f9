-- Barge SQLite schema, version 2: the batch journal.
CREATE TABLE journal(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: objects.batch can never point at the wrong batch
  id TEXT NOT NULL UNIQUE,              -- the public batch id (X-Batch-Id, the body's _id, or a UUIDv7)
  user TEXT NOT NULL,
  environment TEXT NOT NULL,
  service TEXT NOT NULL,                -- dialect and operation, e.g. weaviate.batch.objects
  name TEXT,
  reason TEXT,
  source TEXT,
  status TEXT NOT NULL,                 -- running | success | partial | failed
  message TEXT NOT NULL,
  started INTEGER NOT NULL,             -- ms since epoch
  ended INTEGER,
  total INTEGER NOT NULL DEFAULT 0,
  succeeded INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  dry_run INTEGER NOT NULL DEFAULT 0,
  atomic INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT UNIQUE,
  request_hash TEXT,
  answer_status INTEGER,                -- the first answer, kept only for keyed requests (replays)
  answer_type TEXT,
  answer BLOB,
  failures TEXT                         -- JSON array of {index, id, reason}
);
CREATE INDEX journal_name ON journal(name, seq);
CREATE INDEX journal_user ON journal(user, seq);
CREATE INDEX journal_started ON journal(started);

-- The ids a batch wrote: 16-byte binary UUIDs packed into one blob per (batch, class, tenant), written with the
-- batch's completion. One row per group, not per object, keeps a million-object batch cheap to journal.
CREATE TABLE journal_ids(
  batch_seq INTEGER NOT NULL,
  class TEXT NOT NULL,
  tenant TEXT NOT NULL DEFAULT '',
  ids BLOB NOT NULL,
  PRIMARY KEY(batch_seq, class, tenant)
) WITHOUT ROWID;

-- Provenance for undo: the journal seq of the batch that last wrote the object (NULL for single-object routes)
-- and whether that write created it (1) or replaced or changed an existing one (0).
ALTER TABLE objects ADD COLUMN batch INTEGER;
ALTER TABLE objects ADD COLUMN batch_created INTEGER;
