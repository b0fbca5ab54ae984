INSERT INTO alert_silence (fingerprint, name_pattern, ends_at, comment, created_by)
VALUES (:fingerprint, :namePattern, :endsAt, :comment, :createdBy)
RETURNING silence_id, fingerprint, name_pattern, ends_at, comment, created_by, created_at
