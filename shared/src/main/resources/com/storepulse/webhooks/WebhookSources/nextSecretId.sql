-- The id is bound into the sealed secret (SecretBox associated data), so it is taken before the insert.
SELECT nextval(pg_get_serial_sequence('webhook_secret', 'secret_id'))
