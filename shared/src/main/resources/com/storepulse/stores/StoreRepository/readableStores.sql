-- The stores of a tenant that a key may read (all of them when :everyStore). Their customer
-- counts are customerCounts.sql, read per store through the cache (counting every store on every
-- call cost ~100 ms for a 10-store tenant of the large data set).
SELECT st.store_id, st.name, st.currency, st.timezone, st.created_at
FROM store st
WHERE st.tenant_id = :tenantId
  AND (:everyStore OR st.store_id = ANY(:allowedStoreIds))
ORDER BY st.store_id
