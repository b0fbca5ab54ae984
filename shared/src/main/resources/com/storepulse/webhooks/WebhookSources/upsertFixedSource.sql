INSERT INTO webhook_source (source_id, tenant_id, store_id, scheme, name)
VALUES (:sourceId, :tenantId, :storeId, :scheme, :name)
ON CONFLICT (source_id) DO UPDATE
SET tenant_id = EXCLUDED.tenant_id, store_id = EXCLUDED.store_id, scheme = EXCLUDED.scheme, name = EXCLUDED.name,
    revoked_at = NULL
