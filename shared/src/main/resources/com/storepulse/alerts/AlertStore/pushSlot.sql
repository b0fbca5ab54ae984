INSERT INTO alert_webhook_pace AS p (webhook, next_slot_at)
VALUES (:webhook, clock_timestamp() + CAST(:pause AS interval))
ON CONFLICT (webhook) DO UPDATE
   SET next_slot_at = greatest(p.next_slot_at, clock_timestamp() + CAST(:pause AS interval))
