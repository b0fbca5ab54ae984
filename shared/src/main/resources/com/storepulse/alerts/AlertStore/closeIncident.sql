UPDATE alert_incident
   SET resolved_at = greatest(:since, started_at)
 WHERE fingerprint = :fingerprint
   AND resolved_at IS NULL
