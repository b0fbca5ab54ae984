-- The keys that verify now: not revoked, not expired.
SELECT secret_id, kind, sealed, public_key
FROM webhook_secret
WHERE source_id = :sourceId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)
ORDER BY secret_id DESC
