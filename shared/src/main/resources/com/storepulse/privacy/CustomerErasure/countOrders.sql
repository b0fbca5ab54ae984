-- The customer's orders (and returns), which stay, attached to the anonymous row.
SELECT count(*) FROM fact_order WHERE store_id = :storeId AND customer_id = :customerId
