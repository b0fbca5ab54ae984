-- A store's live customers (V11 store_live_customers, kept by triggers on dim_customer) and
-- scored customers (its rollup, V8): two small reads whatever the store's size.
SELECT coalesce((SELECT l.customers FROM store_live_customers l WHERE l.store_id = :storeId), 0) AS customers,
       (SELECT coalesce(sum(r.customers), 0) FROM store_score_rollup r WHERE r.store_id = :storeId) AS scored_customers
