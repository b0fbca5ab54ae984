INSERT INTO alert_batch (group_key, webhook, kind, payload, alerts)
VALUES (:groupKey, :webhook, :kind, CAST(:payload AS jsonb), :alerts)
RETURNING batch_id
