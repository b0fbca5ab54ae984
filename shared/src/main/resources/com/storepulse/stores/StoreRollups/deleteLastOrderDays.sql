DELETE FROM store_last_order_rollup WHERE store_id = :storeId
