SELECT store_id FROM store WHERE store_id = :storeId AND tenant_id = :tenantId
