-- The request, complete in this transaction except for cached copies: completed_at is when they
-- have expired at the latest (:cacheExpiry, the detail cache's TTL), moved back to now when the
-- cache confirms the deletion (complete.sql).
INSERT INTO customer_erasure (erasure_id, store_id, subject_hash, requested_by, completed_at, customer_found,
                              orders_kept, score_rows_deleted, webhook_events_deleted)
VALUES (:erasureId, :storeId, decode(:subjectHash, 'hex'), :requestedBy, now() + CAST(:cacheExpiry AS interval), :customerFound,
        :ordersKept, :scoreRows, :events)
RETURNING erasure_id, store_id, requested_at, completed_at, completed_at <= now() AS completed, customer_found,
          orders_kept, score_rows_deleted, webhook_events_deleted
