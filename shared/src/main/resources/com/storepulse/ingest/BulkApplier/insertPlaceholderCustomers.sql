-- Customers the staged orders name that the store does not have yet (their own row comes later in
-- the customers' cursor order, or never): the id only, filled in by the customer's row. Each staged
-- row looks its customer up through the (store_id, external_id) index: a batch's cost must not grow
-- with the store (a NOT EXISTS may be planned as a hash over every customer of the store, since
-- the staging table has no statistics).
INSERT INTO dim_customer (store_id, external_id)
SELECT DISTINCT :storeId, s.customer_external_id
FROM stage_order s
WHERE (SELECT c.customer_id FROM dim_customer c
       WHERE c.store_id = :storeId AND c.external_id = s.customer_external_id) IS NULL
ORDER BY 2
ON CONFLICT (store_id, external_id) DO NOTHING
