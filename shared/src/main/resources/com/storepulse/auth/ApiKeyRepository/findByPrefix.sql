SELECT api_key_id, tenant_id, prefix, key_hash, name, scopes, allowed_store_ids,
       rate_limit_per_minute, rate_limit_burst, created_at, revoked_at, expires_at
FROM api_key
WHERE prefix = :prefix
