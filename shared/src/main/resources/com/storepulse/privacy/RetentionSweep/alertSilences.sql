-- Silences that ended before ALERT_HISTORY_RETENTION.
DELETE FROM alert_silence
WHERE silence_id IN (SELECT s.silence_id FROM alert_silence s
                     WHERE s.ends_at < now() - CAST(:keep AS interval)
                     ORDER BY s.ends_at
                     LIMIT :batch)
