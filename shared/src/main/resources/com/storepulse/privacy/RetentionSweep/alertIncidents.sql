-- Incidents resolved before ALERT_HISTORY_RETENTION (the status page shows the last 7 days); an
-- open incident stays.
DELETE FROM alert_incident
WHERE incident_id IN (SELECT i.incident_id FROM alert_incident i
                      WHERE i.resolved_at < now() - CAST(:keep AS interval)
                      ORDER BY i.resolved_at
                      LIMIT :batch)
