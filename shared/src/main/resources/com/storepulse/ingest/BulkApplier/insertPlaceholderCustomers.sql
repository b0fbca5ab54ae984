-- Customers the staged orders name that the store does not have yet (their own row comes later in
-- the customers' cursor order, or never): the id only, filled in by the customer's row.
INSERT INTO dim_customer (store_id, external_id)
SELECT DISTINCT :storeId, s.customer_external_id
FROM stage_order s
WHERE NOT EXISTS (SELECT 1 FROM dim_customer c WHERE c.store_id = :storeId AND c.external_id = s.customer_external_id)
ORDER BY 2
ON CONFLICT (store_id, external_id) DO NOTHING
