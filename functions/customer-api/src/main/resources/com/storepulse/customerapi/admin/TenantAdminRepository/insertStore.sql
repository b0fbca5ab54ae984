INSERT INTO store (tenant_id, name, currency, timezone)
SELECT tenant_id, :name, :currency, :timezone
FROM tenant
WHERE tenant_id = :tenantId
RETURNING store_id, tenant_id, name, currency, timezone, created_at
