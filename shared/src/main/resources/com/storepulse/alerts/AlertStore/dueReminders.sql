SELECT fingerprint, severity, last_payload::text AS notice
  FROM alert_state
 WHERE state = 'firing' AND notified_state = 'firing'
   AND last_notified_at < now() - CAST(:repeat AS interval)
 ORDER BY severity, fingerprint
 LIMIT 200
