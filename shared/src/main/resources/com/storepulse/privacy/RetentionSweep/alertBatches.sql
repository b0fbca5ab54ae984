-- Slack messages rendered before ALERT_HISTORY_RETENTION, sent or given up on.
DELETE FROM alert_batch
WHERE batch_id IN (SELECT b.batch_id FROM alert_batch b
                   WHERE b.created_at < now() - CAST(:keep AS interval)
                   ORDER BY b.created_at
                   LIMIT :batch)
