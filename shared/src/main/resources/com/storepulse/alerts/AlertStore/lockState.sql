SELECT state, notified_state
  FROM alert_state
 WHERE fingerprint = :fingerprint
   FOR UPDATE
