-- Rows locked in fingerprint order, so two groups' messages naming the same alerts (a P0 on two
-- webhooks) never deadlock.
UPDATE alert_state
   SET last_notified_at = now()
 WHERE fingerprint IN (
       SELECT fingerprint FROM alert_state
        WHERE fingerprint = ANY(:fingerprints)
        ORDER BY fingerprint
          FOR UPDATE)
