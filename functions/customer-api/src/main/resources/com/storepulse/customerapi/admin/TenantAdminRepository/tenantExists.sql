SELECT EXISTS (SELECT 1 FROM tenant WHERE tenant_id = :tenantId)
