INSERT INTO alert_webhook_pace (webhook, next_slot_at) VALUES (:webhook, clock_timestamp())
ON CONFLICT (webhook) DO NOTHING
