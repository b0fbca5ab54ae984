INSERT INTO usage_flush_batch (batch_id, requests)
VALUES (:batchId, :requests)
ON CONFLICT (batch_id) DO NOTHING
