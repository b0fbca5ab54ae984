-- Before the tenant is known: through V20's SECURITY DEFINER look-up (row-level security hides
-- api_key from a connection with no tenant set). The hash is compared in the application.
SELECT api_key_id, tenant_id, prefix, key_hash, name, scopes, allowed_store_ids,
       rate_limit_per_minute, rate_limit_burst, created_at, revoked_at, expires_at
FROM storepulse_api_key_by_prefix(:prefix)
