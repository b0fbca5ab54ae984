INSERT INTO webhook_secret (secret_id, source_id, kind, sealed, public_key, expires_at)
VALUES (:secretId, :sourceId, :kind, :sealed, :publicKey, :expiresAt)
RETURNING secret_id, kind, public_key, created_at, expires_at, revoked_at
