-- Live customers of a store, from the partial index alone (V4 dim_customer_store_live_idx).
SELECT count(*) FROM dim_customer WHERE store_id = :storeId AND deleted_at IS NULL
