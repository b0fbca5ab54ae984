-- Retention (docs/webhooks.md): a bounded batch of the oldest expired events.
DELETE FROM webhook_event
WHERE webhook_event_id IN (SELECT webhook_event_id FROM webhook_event
                           WHERE received_at < now() - CAST(:retention AS interval)
                           ORDER BY received_at LIMIT :batch)
