-- The id is drawn first (nextTenantId.sql) and the row written as that tenant: row-level security
-- (V20) accepts a tenant row only for the tenant the transaction names.
INSERT INTO tenant (tenant_id, slug, name)
VALUES (:tenantId, :slug, :name)
ON CONFLICT (slug) DO NOTHING
RETURNING tenant_id, slug, name, created_at
