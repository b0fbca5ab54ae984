-- A writer's changed customers, queued for rescoring in the transaction that applies their change
-- (V17; StoreScoringService.queueForRescoring). Drained by DrainScoreQueue.sql.
INSERT INTO score_pending (store_id, customer_id)
SELECT :storeId, customer_id FROM unnest(CAST(:customerIds AS bigint[])) AS q (customer_id)
