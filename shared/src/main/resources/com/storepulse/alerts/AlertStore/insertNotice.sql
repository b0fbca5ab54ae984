INSERT INTO alert_notice (message_id, group_key, fingerprint, state, notify, reason, notice)
VALUES (:messageId, :groupKey, :fingerprint, :state, :notify, :reason, CAST(:notice AS jsonb))
ON CONFLICT (message_id, group_key) DO NOTHING
