UPDATE webhook_event SET status = :status, outcome = CAST(:outcome AS jsonb), processed_at = now()
WHERE webhook_event_id = :id
