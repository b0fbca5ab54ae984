-- Orders for every customer of :storeId: a first purchase on a random day of the 700 days before
-- :endDay, then a geometric number of repeat orders (mean 3; about 28% buy once) on random days
-- between the first purchase and :endDay. Each customer has a spend level (10..100, skewed low)
-- and each order costs 0.6..1.4 times it.
INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
SELECT c.store_id, c.customer_id || '-' || k, c.customer_id,
       to_char(o.day, 'YYYYMMDD')::integer, o.day + time '12:00', round((c.spend_level * (0.6 + 0.8 * random()))::numeric, 2), 'USD'
FROM (SELECT customer_id, store_id,
             floor(-ln(1 - random()) * 3)::integer AS repeat_orders,
             (random() * 700)::integer AS first_offset,
             10 + 90 * random() ^ 2 AS spend_level
      FROM dim_customer WHERE store_id = :storeId) c
CROSS JOIN LATERAL generate_series(0, c.repeat_orders) AS k
CROSS JOIN LATERAL (SELECT CAST(:endDay AS date) - c.first_offset
                           + CASE WHEN k = 0 THEN 0 ELSE (random() * c.first_offset)::integer END AS day) o
