INSERT INTO alert_group (group_key, webhook) VALUES (:groupKey, :webhook)
ON CONFLICT (group_key) DO NOTHING
