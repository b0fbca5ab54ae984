-- Bare SQL of a detail cache hit: only the id look-up (the detail itself comes from Redis).
SELECT customer_id FROM dim_customer WHERE store_id = :store AND lower(external_id) = lower(:external_id) AND external_id = :external_id AND deleted_at IS NULL;
