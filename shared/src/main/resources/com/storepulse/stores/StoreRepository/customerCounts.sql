-- A store's live customers (V4 dim_customer_store_live_idx, index-only) and scored customers
-- (its rollup, V8).
SELECT (SELECT count(*) FROM dim_customer c WHERE c.store_id = :storeId AND c.deleted_at IS NULL) AS customers,
       (SELECT coalesce(sum(r.customers), 0) FROM store_score_rollup r WHERE r.store_id = :storeId) AS scored_customers
