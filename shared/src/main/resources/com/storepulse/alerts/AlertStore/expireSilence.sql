UPDATE alert_silence SET ends_at = least(ends_at, now())
 WHERE silence_id = :silenceId
RETURNING silence_id, fingerprint, name_pattern, ends_at, comment, created_by, created_at
