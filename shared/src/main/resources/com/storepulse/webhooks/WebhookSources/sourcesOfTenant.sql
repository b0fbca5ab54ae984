SELECT source_id, tenant_id, store_id, scheme, name, created_at, revoked_at
FROM webhook_source WHERE tenant_id = :tenantId ORDER BY created_at, source_id
