INSERT INTO alert_state (fingerprint, source, name, state, severity, runbook, state_since, last_payload)
VALUES (:fingerprint, :source, :name, :state, :severity, :runbook, :since, CAST(:notice AS jsonb))
ON CONFLICT (fingerprint) DO NOTHING
