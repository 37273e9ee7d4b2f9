-- The keyword (BM25F) index (Barge.Storage.Relational.KeywordPostingCodec): per searchable property (field, one per
-- class, property and tenant in idx_fields, keyed bm25(prop) or bm25(prop)/tenant) and term, the objects holding the
-- term with its frequency and the property's length in tokens, a row per part as the filter postings are written
-- (the newest part is kept in memory, Barge.Storage.Relational.IndexSegment, under the same flushed mark).
-- postings: per object, varints of (offset delta, frequency, length). The garbage collector rewrites a key's rows
-- without the dead seqs, as it does the filter postings; until then idx_garbage names the dead seqs.
CREATE TABLE keyword_postings(
  part INTEGER NOT NULL,
  field INTEGER NOT NULL,
  term TEXT NOT NULL,
  first INTEGER NOT NULL,
  postings BLOB NOT NULL,
  PRIMARY KEY(part, field, term, first)
) STRICT, WITHOUT ROWID;
-- BM25F's statistics, exact at every commit: per class and tenant ('' for none), the objects (property ''), and per
-- searchable property the objects holding a value and the sum of their lengths in tokens. Written in the
-- transaction of the writes that change them.
CREATE TABLE keyword_totals(
  class TEXT NOT NULL,
  tenant TEXT NOT NULL,
  property TEXT NOT NULL,
  objects INTEGER NOT NULL,
  length_sum INTEGER NOT NULL,
  PRIMARY KEY(class, tenant, property)
) STRICT, WITHOUT ROWID;
-- The collector needs the tenant to find a dead object's keyword rows.
ALTER TABLE idx_garbage ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
-- 1 once every object at or below the flushed mark has its keyword rows and every object counts in the totals; an
-- existing store is indexed once when it is opened (KeywordBackfill).
ALTER TABLE index_state ADD COLUMN keyword_built INTEGER NOT NULL DEFAULT 0;
UPDATE index_state SET keyword_built = (SELECT count(*) = 0 FROM objects);
