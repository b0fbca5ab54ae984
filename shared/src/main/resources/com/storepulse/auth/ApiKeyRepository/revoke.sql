UPDATE api_key
SET revoked_at = coalesce(revoked_at, :now)
WHERE api_key_id = :apiKeyId
RETURNING api_key_id, tenant_id, prefix, key_hash, name, scopes, allowed_store_ids,
          rate_limit_per_minute, rate_limit_burst, created_at, revoked_at, expires_at
