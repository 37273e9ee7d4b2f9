-- Index rows of replaced and deleted objects are removed in the background (IndexGarbageCollector), not inside the
-- write that replaced or deleted them: a delete of a thousand objects would otherwise wait for ~50,000 index
-- deletes at random places. Until collected, such rows point at a seq no object has, so no query can match them.
CREATE TABLE idx_garbage(
  seq INTEGER PRIMARY KEY,   -- the seq the object had; never reused (AUTOINCREMENT)
  class TEXT NOT NULL,
  properties TEXT NOT NULL   -- the properties the index rows were computed from
);
