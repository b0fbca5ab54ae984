UPDATE alert_batch SET sent_at = now(), claimed_until = NULL, last_error = NULL WHERE batch_id = :batchId
