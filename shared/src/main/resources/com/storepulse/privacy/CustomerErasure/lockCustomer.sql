-- The customer's row by the retailer's id (live or soft-deleted), locked until the erasure commits.
SELECT customer_id, email
FROM dim_customer
WHERE store_id = :storeId AND external_id = :externalId
FOR UPDATE
