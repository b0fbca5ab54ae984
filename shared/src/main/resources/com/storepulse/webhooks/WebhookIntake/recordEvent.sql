-- The event id, claimed in the transaction that applies the change. A duplicate inserts nothing: a
-- concurrent one waits here on the unique key until the first commits (then reads its outcome) or
-- rolls back (then goes on as the first).
INSERT INTO webhook_event (store_id, source, external_event_id, event_type, status, headers, body, sent_at)
VALUES (:storeId, :source, :eventId, :type, 'received', CAST(:headers AS jsonb), :body, :sentAt)
ON CONFLICT (store_id, source, external_event_id) DO NOTHING
RETURNING webhook_event_id
