-- 3 stores x 20,000 scored customers, deterministic (no random()), so the planner sees the same
-- statistics on every run. Distributions:
--   predicted_ltv: 0 .. 4,999.99 spread by a multiplicative hash of the id
--   churn_risk:    0 .. 0.999, independent of ltv
--   archetype_id:  1 .. 11, evenly (about 1,800 customers per store and archetype)
--   segments:      'vip' on 1 customer in 250 (selective), 'repeat_buyer' on 2 in 3 (common)
INSERT INTO tenant (tenant_id, slug, name) VALUES (1, 'index-proof', 'Index proof');
INSERT INTO store (store_id, tenant_id, name) SELECT s, 1, 'Store ' || s FROM generate_series(1, 3) AS s;

INSERT INTO dim_customer (customer_id, store_id, external_id, first_name, last_name, order_count, total_spend)
SELECT i, 1 + (i - 1) / 20000, 'c-' || i, 'First' || i, 'Last' || i, 1 + i % 20, (i % 5000) + 0.5
FROM generate_series(1, 60000) AS i;

-- Each store in a partition of its own, as a full rescoring leaves it (V6).
CREATE TABLE customer_score_p1 PARTITION OF customer_score FOR VALUES IN (1);
CREATE TABLE customer_score_p2 PARTITION OF customer_score FOR VALUES IN (2);
CREATE TABLE customer_score_p3 PARTITION OF customer_score FOR VALUES IN (3);

INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                            total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
                            purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id,
                            r_score, f_score, m_score, segments, scored_at)
SELECT i,
       1 + (i - 1) / 20000,
       i % 20,
       (i * 37) % 365,
       365 + i % 700,
       (i % 300) + 10.25,
       (i % 5000) + 0.5,
       timestamptz '2025-01-01' - ((i * 37) % 365) * interval '1 day',
       1 - ((i * 7919) % 1000) / 1000.0,
       ((i * 7919) % 1000) / 1000.0,
       (i % 50) / 10.0,
       365,
       ((i * 104729) % 500000) / 100.0,
       12,
       1 + i % 11,
       1 + i % 5,
       1 + (i / 5) % 5,
       1 + (i / 25) % 5,
       CASE WHEN i % 250 = 0 THEN '["vip", "repeat_buyer"]'::jsonb
            WHEN i % 3 <> 0 THEN '["repeat_buyer"]'::jsonb
            ELSE '[]'::jsonb END,
       timestamptz '2025-01-02'
FROM generate_series(1::bigint, 60000) AS i; -- bigint: i * 104729 overflows integer

ANALYZE tenant;
ANALYZE store;
ANALYZE dim_customer;
ANALYZE customer_score;
