-- Every store with its tenant (V20's owner function: ids only); each store's sweep runs as its tenant.
SELECT store_id, tenant_id FROM storepulse_store_tenants()
