-- A store's raw webhook events older than WEBHOOK_EVENT_RETENTION, oldest first, a bounded batch
-- (the intake prunes the same way while events arrive; this runs whether they do or not).
DELETE FROM webhook_event
WHERE store_id = :storeId
  AND webhook_event_id IN (SELECT e.webhook_event_id FROM webhook_event e
                           WHERE e.store_id = :storeId AND e.received_at < now() - CAST(:keep AS interval)
                           ORDER BY e.received_at
                           LIMIT :batch)
