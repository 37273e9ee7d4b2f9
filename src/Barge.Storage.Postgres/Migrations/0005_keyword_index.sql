-- The keyword (BM25F) index (Barge.Storage.Relational.KeywordPostingCodec), as in the SQLite store: per searchable
-- property (field: one per class, property and tenant in idx_fields, keyed bm25(prop) or bm25(prop)/tenant) and
-- term, the objects holding the term with its frequency and the property's length in tokens. As postings_text, a
-- commit appends one row per (field, term) and part of its objects and never rewrites one, so nodes writing at once
-- never touch the same row; the garbage collector replaces a part's rows of a key by one row without the dead seqs.
-- first is the row's lowest seq (its part: first >> 13); postings: per object, varints of (offset delta, frequency,
-- length).
CREATE TABLE keyword_postings(
  field integer NOT NULL,
  term text COLLATE "C" NOT NULL,
  first bigint NOT NULL,
  postings bytea NOT NULL,
  PRIMARY KEY (field, term, first)
);
-- BM25F's statistics, exact at every commit: per class and tenant ('' for none), the objects (property ''), and per
-- searchable property the objects holding a value and the sum of their lengths in tokens, as the sum of this table's
-- rows. Every write appends its own changes (a row per class, tenant and property it changed) instead of updating
-- one row, so writers on several nodes never wait for each other here; PgKeywordTotals folds a key's rows into one
-- now and then.
CREATE TABLE keyword_totals(
  class text NOT NULL,
  tenant text NOT NULL,
  property text NOT NULL,
  objects bigint NOT NULL,
  length_sum bigint NOT NULL
);
CREATE INDEX keyword_totals_key ON keyword_totals(class, tenant, property);
-- Each object's searchable properties with a value and their lengths in tokens (NULL: none), so that the statement
-- deleting an object takes it out of the totals itself, in its own transaction, without the properties travelling to
-- the client to be tokenized again.
ALTER TABLE objects ADD COLUMN keyword_properties text[], ADD COLUMN keyword_lengths integer[];
-- The collector needs the tenant to find a dead object's keyword rows.
ALTER TABLE idx_garbage ADD COLUMN tenant text NOT NULL DEFAULT '';
-- Objects stored before this migration are indexed by PgKeywordBackfill in the migration's transaction.
