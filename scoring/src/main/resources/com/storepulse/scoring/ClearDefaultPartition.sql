-- The store's rows that sat in the default partition (written before it had a partition of its own).
DELETE FROM customer_score_default WHERE store_id = :storeId
