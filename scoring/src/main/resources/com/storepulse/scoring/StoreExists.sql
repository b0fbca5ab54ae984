SELECT EXISTS (SELECT 1 FROM store WHERE store_id = :storeId)
