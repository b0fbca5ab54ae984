-- :customers synthetic customers for store :storeId.
INSERT INTO dim_customer (store_id, external_id)
SELECT :storeId, 'c' || g
FROM generate_series(1, :customers) AS g
