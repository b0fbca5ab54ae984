-- Rotation: the source's live keys of this kind stay valid until :expiresAt (an earlier expiry stays).
UPDATE webhook_secret
SET expires_at = :expiresAt
WHERE source_id = :sourceId AND kind = :kind AND revoked_at IS NULL
  AND (expires_at IS NULL OR expires_at > :expiresAt)
