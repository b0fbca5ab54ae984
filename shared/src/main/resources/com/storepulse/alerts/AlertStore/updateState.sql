UPDATE alert_state
   SET source = :source,
       name = :name,
       severity = :severity,
       runbook = :runbook,
       state_since = CASE WHEN state = :state THEN state_since ELSE :since END,
       state = :state,
       last_seen_at = now(),
       occurrences = occurrences + 1,
       last_payload = CAST(:notice AS jsonb),
       notified_state = CASE WHEN :announce THEN :state ELSE notified_state END
 WHERE fingerprint = :fingerprint
