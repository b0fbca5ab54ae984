-- Query API test data, deterministic (no random()). Explicit ids far above anything the identity
-- sequences hand out to other tests in the same database.
--   tenant 1001 "acme":   store 101 (10,500 scored + 20 unscored + 10 soft-deleted customers),
--                          store 102 (300 scored), store 103 (10,000 scored; the test that rescores
--                          customers during a walk changes this one only)
--   tenant 1002 "globex": store 201 (300 scored; same external ids as store 101)
-- Distributions in store 101 (i = 1..10,500):
--   predicted_ltv  ((i * 7919) % 2000) / 4: 2,000 values, ~5 customers share each (ties)
--   churn_risk     ((i * 104729) % 1000) / 1000: ~10 customers share each value
--   last_order_at  NULL when i % 13 = 0 (never ordered), else now() - ((i * 31) % 400) days - 12 h
--   total_spend    (i % 700) + 0.25
--   archetype_id   1 + (i * 17) % 11
--   segments       vip (i % 50 = 0), repeat_buyer (i % 3 <> 0), email_optin (i % 4 = 0)
--   names          first name from a list of 7 (one with an apostrophe), external id C-000123
INSERT INTO tenant (tenant_id, slug, name) VALUES (1001, 'acme-queries', 'Acme'), (1002, 'globex-queries', 'Globex');
INSERT INTO store (store_id, tenant_id, name, currency) VALUES
    (101, 1001, 'Acme Main', 'USD'), (102, 1001, 'Acme Outlet', 'EUR'), (103, 1001, 'Acme Moving', 'USD'),
    (201, 1002, 'Globex', 'USD');

CREATE TEMPORARY TABLE fixture_customer AS
SELECT store_id, base + i AS customer_id, i,
       'C-' || lpad(i::text, 6, '0') AS external_id,
       (ARRAY['Ann', 'bob', 'O''Brien', 'Zoë', 'Émile', 'anna', 'Bo_b'])[1 + i % 7] AS first_name,
       'Last' || i AS last_name
FROM (VALUES (101, 1000000, 10530), (102, 2000000, 300), (103, 4000000, 10000), (201, 3000000, 300)) AS s(store_id, base, n),
     generate_series(1, n) AS i;

INSERT INTO dim_customer (customer_id, store_id, external_id, email, first_name, last_name, country, signed_up_at,
                          first_order_at, last_order_at, order_count, total_spend, deleted_at)
SELECT customer_id, store_id, external_id, lower(external_id) || '@example.com', first_name, last_name, 'US',
       timestamptz '2020-01-01' + i * interval '1 hour',
       CASE WHEN i % 13 = 0 THEN NULL ELSE timestamptz '2021-01-01' + i * interval '1 hour' END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE now() - ((i * 31) % 400) * interval '1 day' - interval '12 hours' END,
       CASE WHEN i % 13 = 0 THEN 0 ELSE 1 + i % 9 END,
       (i % 700) + 0.25,
       -- 10 soft-deleted customers in store 101 (their score rows stay, the API must hide them)
       CASE WHEN store_id = 101 AND i % 1000 = 7 THEN now() END
FROM fixture_customer;

-- Store 101's customers 10,501..10,530: the first 20 unscored, (the rest scored like the others).
INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
                            last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                            predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments,
                            scored_at)
SELECT f.customer_id, f.store_id, f.i % 9, (f.i * 31) % 400, 400 + f.i % 300, (f.i % 300) + 10.5,
       (f.i % 700) + 0.25,
       CASE WHEN f.i % 13 = 0 THEN NULL ELSE c.last_order_at END,
       1 - ((f.i * 104729) % 1000) / 1000.0,
       ((f.i * 104729) % 1000) / 1000.0,
       (f.i % 40) / 10.0, 365,
       ((f.i * 7919) % 2000) / 4.0, 12,
       1 + (f.i * 17) % 11,
       1 + f.i % 5, 1 + (f.i / 5) % 5, 1 + (f.i / 25) % 5,
       (SELECT coalesce(jsonb_agg(tag ORDER BY tag), '[]'::jsonb)
        FROM unnest(ARRAY[CASE WHEN f.i % 50 = 0 THEN 'vip' END,
                          CASE WHEN f.i % 3 <> 0 THEN 'repeat_buyer' END,
                          CASE WHEN f.i % 4 = 0 THEN 'email_optin' END]) AS tag
        WHERE tag IS NOT NULL),
       timestamptz '2025-06-01'
FROM fixture_customer f
JOIN dim_customer c ON c.customer_id = f.customer_id
WHERE NOT (f.store_id = 101 AND f.i BETWEEN 10501 AND 10520);

-- 15 orders for each of store 101's first 30 customers (the detail shows the latest 10).
INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency, item_count, channel)
SELECT 101, 'O-' || f.i || '-' || k, f.customer_id,
       to_char(timestamptz '2025-01-01' + (f.i + k * 7) * interval '1 day', 'YYYYMMDD')::integer,
       timestamptz '2025-01-01' + (f.i + k * 7) * interval '1 day',
       CASE WHEN k = 15 THEN 'return' ELSE 'order' END,
       CASE WHEN k = 15 THEN -5.00 ELSE 20.00 + k END,
       'USD', 1 + k % 3, 'web'
FROM fixture_customer f, generate_series(1, 15) AS k
WHERE f.store_id = 101 AND f.i <= 30;

DROP TABLE fixture_customer;
ANALYZE tenant;
ANALYZE store;
ANALYZE dim_customer;
ANALYZE customer_score;
ANALYZE fact_order;
