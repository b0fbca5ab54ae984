-- A store's next partition, loaded and indexed apart from the live one: a load table a failed run
-- left is dropped, an empty one created LIKE customer_score (columns, NOT NULLs, defaults, CHECKs,
-- and a CHECK on the store that lets ATTACH PARTITION skip scanning the rows). DDL, so the owner's
-- function of V20 does it (a rescoring may run as the application role). Created in a transaction
-- of its own: LIKE locks customer_score (ACCESS SHARE) until commit, and a run that held that lock
-- until its swap could deadlock with another store's swap.
SELECT storepulse_score_load_create(:storeId)::text AS created
