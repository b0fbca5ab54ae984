SELECT currency FROM store WHERE store_id = :storeId
