SELECT requested.store_id
FROM unnest(CAST(:storeIds AS bigint[])) AS requested (store_id)
WHERE NOT EXISTS (
    SELECT 1 FROM store s WHERE s.store_id = requested.store_id AND s.tenant_id = :tenantId
)
ORDER BY requested.store_id
