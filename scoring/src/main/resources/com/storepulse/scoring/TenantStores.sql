-- Every store of the tenant that owns :storeId (itself included), for a pooled fit.
SELECT s.store_id
FROM store s
WHERE s.tenant_id = (SELECT tenant_id FROM store WHERE store_id = :storeId)
ORDER BY s.store_id
