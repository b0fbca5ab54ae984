INSERT INTO alert_webhook_pace AS p (webhook, next_slot_at)
VALUES (:webhook, clock_timestamp() + CAST(:spacing AS interval))
ON CONFLICT (webhook) DO UPDATE
   SET next_slot_at = greatest(p.next_slot_at, clock_timestamp()) + CAST(:spacing AS interval)
RETURNING greatest(0, extract(epoch FROM (next_slot_at - CAST(:spacing AS interval) - clock_timestamp())) * 1000)::bigint
