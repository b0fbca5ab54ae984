-- One erasure request of the store (another store's id is not found: the caller's store filter).
SELECT erasure_id, store_id, requested_at, completed_at, completed_at <= now() AS completed, customer_found,
       orders_kept, score_rows_deleted, webhook_events_deleted
FROM customer_erasure
WHERE store_id = :storeId AND erasure_id = :erasureId
