INSERT INTO alert_incident (fingerprint, severity, runbook, started_at)
VALUES (:fingerprint, :severity, :runbook, :since)
ON CONFLICT (fingerprint) WHERE resolved_at IS NULL DO NOTHING
