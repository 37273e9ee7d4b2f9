-- Text as json, or NULL when it is not JSON. HAT orders its records by a path into the data property's JSON text, but
-- the collection is open to the other dialects, which may store any text there: such a value sorts as missing (as
-- SQLite's json_valid guard makes it) instead of failing the query. PostgreSQL 15 has no safe cast (16's
-- pg_input_is_valid), hence the exception block; it only runs for such sorts.
CREATE FUNCTION barge_json_or_null(t text) RETURNS json LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN t::json;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN NULL;
END
$$;
