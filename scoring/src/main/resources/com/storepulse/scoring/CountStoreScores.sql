SELECT count(*) FROM customer_score WHERE store_id = :storeId
