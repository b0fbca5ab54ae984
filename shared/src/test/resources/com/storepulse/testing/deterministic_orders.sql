-- 1 to 4 orders in 2025 for every customer of store :store, deterministic: the customer id decides
-- how many, on which days and for how much (10 to 9 + :amountSpread USD). TestOrders runs it.
INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
SELECT c.store_id, 'o' || c.customer_id || '-' || k, c.customer_id, to_char(d, 'YYYYMMDD')::int,
       d + interval '12 hours', 10 + (c.customer_id * 7 + k * 13) % :amountSpread, 'USD'
FROM dim_customer c
CROSS JOIN LATERAL generate_series(0, c.customer_id % 4) AS k
CROSS JOIN LATERAL (SELECT date '2025-01-01' + ((c.customer_id * 31 + k * 57) % 360)::int AS d) AS day
WHERE c.store_id = :store
