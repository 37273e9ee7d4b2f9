-- Integers exactly in the numeric index. postings_num held every number as a double, so two integers past 2^53 that
-- round to the same double (2^53 and 2^53 + 1) were one value to every filter, where SQLite compares them exactly.
-- v stays the nearest double (ranges and equality keep using the primary key); v_rest is what an integer holds beyond
-- it, the integer minus v, exact (at most 1,024 in magnitude; 0 for a double and for every integer up to 2^53), so
-- the pair (v, v_rest) orders and equals integers exactly and doubles as before (PgNumbers). Rows of values past 2^53
-- already stored are recomputed from their objects after this script (PgExactIntegers), in the same transaction.
ALTER TABLE postings_num ADD COLUMN v_rest bigint NOT NULL DEFAULT 0;
ALTER TABLE postings_num DROP CONSTRAINT postings_num_pkey;
ALTER TABLE postings_num ADD PRIMARY KEY (field, v, v_rest, first);
