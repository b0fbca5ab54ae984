-- The end of the COPY's transaction: the application's INSERT right on the load table, granted by
-- OpenLoadTable.sql, revoked before any other session could see it (V20).
SELECT storepulse_score_load_close(:storeId)::text AS closed
