SELECT batch_id FROM alert_batch
 WHERE sent_at IS NULL
   AND created_at < now() - CAST(:age AS interval)
   AND (claimed_until IS NULL OR claimed_until < now())
 ORDER BY batch_id
 LIMIT 50
