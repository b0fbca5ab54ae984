-- Customers no longer in the source (found by the key reconciliation): soft-deleted now.
UPDATE dim_customer
SET deleted_at = :at, updated_at = now()
WHERE store_id = :storeId AND external_id = ANY(:externalIds) AND deleted_at IS NULL
RETURNING customer_id, external_id
