SELECT sent_at IS NOT NULL FROM alert_batch WHERE batch_id = :batchId
