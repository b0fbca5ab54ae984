-- The cache confirmed: the erasure is complete now rather than when cached copies would expire.
UPDATE customer_erasure
SET completed_at = least(completed_at, now())
WHERE store_id = :storeId AND erasure_id = :erasureId
RETURNING erasure_id, store_id, requested_at, completed_at, completed_at <= now() AS completed, customer_found,
          orders_kept, score_rows_deleted, webhook_events_deleted
