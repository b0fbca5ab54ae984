SELECT source_id, tenant_id, store_id, scheme, name, created_at, revoked_at
FROM webhook_source WHERE source_id = :sourceId AND revoked_at IS NULL
