-- The caller's names for what a batch wrote (see SQLite's 0006_journal_keys.sql): a JSON array parallel to the
-- packed ids of the same row, NULL when the caller named the objects by their ids.
ALTER TABLE journal_ids ADD COLUMN keys text;
