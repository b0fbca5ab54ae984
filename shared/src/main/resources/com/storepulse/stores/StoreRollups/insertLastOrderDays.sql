-- One store's scored customers per UTC day of their last order (V11 store_last_order_rollup):
-- what the summary's activeCustomers adds up. Customers without an order are never active.
INSERT INTO store_last_order_rollup (store_id, last_order_day, customers)
SELECT s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date, count(*)
FROM customer_score s
WHERE s.store_id = :storeId
  AND s.last_order_at IS NOT NULL
GROUP BY s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date
