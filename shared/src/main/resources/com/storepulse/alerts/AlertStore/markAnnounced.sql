-- Rows locked in fingerprint order (as markNotified); only those still firing become announced.
UPDATE alert_state
   SET notified_state = 'firing', last_notified_at = now()
 WHERE state = 'firing'
   AND fingerprint IN (
       SELECT fingerprint FROM alert_state
        WHERE fingerprint = ANY(:fingerprints)
        ORDER BY fingerprint
          FOR UPDATE)
