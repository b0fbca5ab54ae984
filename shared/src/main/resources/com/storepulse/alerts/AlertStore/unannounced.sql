-- Firing, but what Slack was told is not 'firing': a silence muted it when it started.
SELECT fingerprint, severity, last_payload::text AS notice
  FROM alert_state
 WHERE state = 'firing' AND notified_state IS DISTINCT FROM 'firing'
 ORDER BY state_since, fingerprint
 LIMIT 200
