-- The id is bound into the sealed password (SecretBox associated data), so it is taken before the insert.
SELECT nextval(pg_get_serial_sequence('sync_source', 'sync_source_id'))
