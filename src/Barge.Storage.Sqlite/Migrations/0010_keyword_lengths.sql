-- Each object's keyword lengths (Barge.Storage.Relational.KeywordLengths: its searchable properties and their lengths
-- in tokens, '{}' for none), written with the object, so that deleting or replacing it takes them out of the
-- keyword totals without parsing and tokenizing its properties again on the writer. NULL for objects written before
-- this version: their lengths are recomputed from their properties when they are removed, as before.
ALTER TABLE objects ADD COLUMN keyword_lengths TEXT;
