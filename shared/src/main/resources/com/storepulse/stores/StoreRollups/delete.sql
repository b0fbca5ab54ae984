DELETE FROM store_score_rollup WHERE store_id = :storeId
