-- A customer an order names before any customer change arrived: the id only, no version, so the
-- customer's first change fills it in.
INSERT INTO dim_customer (store_id, external_id) VALUES (:storeId, :externalId)
ON CONFLICT (store_id, external_id) DO NOTHING
RETURNING customer_id
