-- The order's current customer (id and retailer id), if the order exists.
SELECT o.customer_id, c.external_id
FROM fact_order o JOIN dim_customer c ON c.customer_id = o.customer_id
WHERE o.store_id = :storeId AND o.external_id = :externalId
