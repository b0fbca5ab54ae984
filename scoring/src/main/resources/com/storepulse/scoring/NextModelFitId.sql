-- A refit's id before its row exists: the score rows carry it, and the row is inserted in the
-- swap's transaction, so a fit is recorded exactly when its scores go live.
SELECT nextval(pg_get_serial_sequence('model_fit', 'model_fit_id'))
