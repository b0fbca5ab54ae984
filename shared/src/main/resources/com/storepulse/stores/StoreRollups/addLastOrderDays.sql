-- Scored customers per UTC day of their last order (V11 store_last_order_rollup), what the summary's
-- activeCustomers adds up: the whole store (a rebuild, after deleteLastOrderDays.sql) or, with
-- <customerFilter>, the listed customers' new rows after an incremental run. Customers without an
-- order are never active.
INSERT INTO store_last_order_rollup AS r (store_id, last_order_day, customers)
SELECT s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date, count(*)
FROM customer_score s
WHERE s.store_id = :storeId AND s.last_order_at IS NOT NULL <customerFilter>
GROUP BY s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date
ON CONFLICT (store_id, last_order_day) DO UPDATE
SET customers = r.customers + EXCLUDED.customers
