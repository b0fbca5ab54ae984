-- An active source with the keys that verify now (not revoked, not expired), one row per key, in
-- one round trip; a source without a live key is one row with NULL key columns.
SELECT s.source_id, s.tenant_id, s.store_id, s.scheme, s.name, s.created_at, s.revoked_at,
       k.secret_id, k.kind, k.sealed, k.public_key
FROM webhook_source s
LEFT JOIN webhook_secret k
       ON k.source_id = s.source_id AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)
WHERE s.source_id = :sourceId AND s.revoked_at IS NULL
ORDER BY k.secret_id DESC
