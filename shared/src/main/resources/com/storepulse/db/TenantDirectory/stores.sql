SELECT store_id, tenant_id FROM storepulse_store_tenants()
