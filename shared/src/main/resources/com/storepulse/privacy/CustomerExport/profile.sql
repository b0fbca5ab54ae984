-- The customer's row by the retailer's id, live or soft-deleted (an erased customer's id is gone:
-- not found).
SELECT customer_id, full_name, first_name, last_name, email, country, signed_up_at, first_order_at, last_order_at,
       order_count, total_spend, created_at, updated_at, deleted_at
FROM dim_customer
WHERE store_id = :storeId AND external_id = :externalId
