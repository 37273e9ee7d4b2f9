-- Barge SQLite schema, version 6: the caller's names for what a batch wrote (the batch service's element _id),
-- a JSON array parallel to the packed ids of the same row; NULL when the caller named the objects by their ids.
-- The batch summary lists these names, as the batch service document shows them.
ALTER TABLE journal_ids ADD COLUMN keys TEXT;
