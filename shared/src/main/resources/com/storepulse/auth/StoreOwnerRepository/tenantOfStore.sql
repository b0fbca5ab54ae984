SELECT tenant_id FROM store WHERE store_id = :storeId
