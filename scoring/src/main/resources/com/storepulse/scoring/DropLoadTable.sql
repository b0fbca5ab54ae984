-- A load table left by a failed run (V20's owner function: DDL).
SELECT storepulse_score_load_drop(:storeId)::text AS dropped
