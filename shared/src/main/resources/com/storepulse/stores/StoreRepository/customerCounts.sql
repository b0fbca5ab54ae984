-- A store's live and scored customers, each counted from an index alone (V4:
-- dim_customer_store_live_idx, customer_score_store_aggregates_idx).
SELECT (SELECT count(*) FROM dim_customer c WHERE c.store_id = :storeId AND c.deleted_at IS NULL) AS customers,
       (SELECT count(*) FROM customer_score s WHERE s.store_id = :storeId) AS scored_customers
