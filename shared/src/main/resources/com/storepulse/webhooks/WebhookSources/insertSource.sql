INSERT INTO webhook_source (source_id, tenant_id, store_id, scheme, name)
VALUES (:sourceId, :tenantId, :storeId, :scheme, :name)
RETURNING source_id, tenant_id, store_id, scheme, name, created_at, revoked_at
