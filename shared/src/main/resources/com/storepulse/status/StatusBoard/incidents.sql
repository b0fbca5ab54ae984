-- Open incidents, then those that started or ended within the window, newest first.
SELECT severity, runbook, started_at, resolved_at
  FROM alert_incident
 WHERE resolved_at IS NULL OR resolved_at > now() - CAST(:window AS interval)
 ORDER BY resolved_at IS NULL DESC, started_at DESC
 LIMIT 100
