-- Every store of the tenant (allowed_store_ids NULL). A restart with the same key re-arms it.
INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes, allowed_store_ids)
VALUES (:tenantId, :prefix, :keyHash, :name, :scopes, NULL)
ON CONFLICT (prefix) DO UPDATE
SET tenant_id = excluded.tenant_id, key_hash = excluded.key_hash, name = excluded.name,
    scopes = excluded.scopes, allowed_store_ids = NULL, revoked_at = NULL, expires_at = NULL
