SELECT secret_id, source_id, kind, public_key, created_at, expires_at, revoked_at
FROM webhook_secret WHERE source_id = ANY(:sourceIds) ORDER BY source_id, secret_id
