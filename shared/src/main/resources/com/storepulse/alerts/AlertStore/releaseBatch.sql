UPDATE alert_batch SET claimed_until = NULL, last_error = :error WHERE batch_id = :batchId
