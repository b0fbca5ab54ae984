-- The surrogate id of a live customer from the retailer's id (dim_customer_store_external_uk).
SELECT customer_id
FROM dim_customer
WHERE store_id = :storeId
  AND external_id = :externalId
  AND deleted_at IS NULL
