INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes, allowed_store_ids,
                     rate_limit_per_minute, rate_limit_burst, expires_at)
VALUES (:tenantId, :prefix, :keyHash, :name, :scopes, :allowedStoreIds,
        :rateLimitPerMinute, :rateLimitBurst, :expiresAt)
ON CONFLICT (prefix) DO NOTHING
RETURNING api_key_id, tenant_id, prefix, key_hash, name, scopes, allowed_store_ids,
          rate_limit_per_minute, rate_limit_burst, created_at, revoked_at, expires_at
