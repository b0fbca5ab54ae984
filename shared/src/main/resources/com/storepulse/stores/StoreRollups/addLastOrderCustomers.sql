-- The listed customers' new rows join store_last_order_rollup (after an incremental run wrote them).
INSERT INTO store_last_order_rollup AS r (store_id, last_order_day, customers)
SELECT s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date, count(*)
FROM customer_score s
WHERE s.store_id = :storeId AND s.customer_id = ANY(:ids) AND s.last_order_at IS NOT NULL
GROUP BY s.store_id, (s.last_order_at AT TIME ZONE 'UTC')::date
ON CONFLICT (store_id, last_order_day) DO UPDATE
SET customers = r.customers + EXCLUDED.customers
