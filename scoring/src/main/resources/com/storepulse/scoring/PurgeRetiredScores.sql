-- Retention (the store's next rescoring): retired rows no walk can still need.
DELETE FROM customer_score_retired
WHERE store_id = :storeId AND retired_at < now() - CAST(:retention AS interval)
