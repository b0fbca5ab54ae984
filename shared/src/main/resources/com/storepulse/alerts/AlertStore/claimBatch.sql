UPDATE alert_batch
   SET claimed_until = now() + CAST(:lease AS interval), attempts = attempts + 1
 WHERE batch_id = :batchId
   AND sent_at IS NULL
   AND (claimed_until IS NULL OR claimed_until < now())
RETURNING webhook, payload::text AS payload
