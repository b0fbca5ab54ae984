SELECT silence_id, fingerprint, name_pattern, ends_at, comment, created_by, created_at
  FROM alert_silence
 WHERE ends_at > now()
 ORDER BY silence_id
