-- Every store and its tenant: the tenant-owned tables are swept store by store, tenant by tenant.
SELECT store_id, tenant_id FROM store ORDER BY store_id
