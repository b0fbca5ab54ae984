-- Benchmark only: a deterministic score set for every live customer of storepulse_large, used when
-- the scorer has not filled customer_score there yet. Values are derived from the customer's own
-- row and multiplicative hashes of its id (no random()), so every run sees the same data:
--   churn_risk    ((id * 7919) % 1000) / 1000, p_alive = 1 - churn_risk
--   predicted_ltv total_spend * (0.2 .. 4.2), by hash
--   archetype_id  1 + (id * 17) % 11
--   segments      vip (1 in 250), repeat_buyer (order_count > 1), email_optin (1 in 4), lapsing (churn >= 0.8)
-- Run: psql -v ON_ERROR_STOP=1 -d storepulse_large -f synthetic_scores.sql  (refuses to overwrite scores)
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM customer_score) THEN
        RAISE EXCEPTION 'customer_score is not empty: the scorer has run here, benchmark its scores instead';
    END IF;
END $$;

INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
                            last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                            predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments, scored_at)
SELECT c.customer_id, c.store_id,
       greatest(c.order_count - 1, 0),
       coalesce(extract(epoch FROM c.last_order_at - c.first_order_at) / 86400, 0),
       coalesce(extract(epoch FROM timestamptz '2026-01-01' - c.first_order_at) / 86400, 0),
       CASE WHEN c.order_count > 0 THEN round(c.total_spend / c.order_count, 2) ELSE 0 END,
       c.total_spend,
       c.last_order_at,
       1 - ((c.customer_id * 7919) % 1000) / 1000.0,
       ((c.customer_id * 7919) % 1000) / 1000.0,
       ((c.customer_id * 31) % 60) / 10.0, 365,
       round(c.total_spend * (0.2 + ((c.customer_id * 104729) % 400) / 100.0), 2), 12,
       1 + (c.customer_id * 17) % 11,
       1 + c.customer_id % 5, 1 + (c.customer_id / 5) % 5, 1 + (c.customer_id / 25) % 5,
       (SELECT coalesce(jsonb_agg(tag ORDER BY tag), '[]'::jsonb)
        FROM unnest(ARRAY[CASE WHEN c.customer_id % 250 = 0 THEN 'vip' END,
                          CASE WHEN c.order_count > 1 THEN 'repeat_buyer' END,
                          CASE WHEN c.customer_id % 4 = 0 THEN 'email_optin' END,
                          CASE WHEN (c.customer_id * 7919) % 1000 >= 800 THEN 'lapsing' END]) AS tag
        WHERE tag IS NOT NULL),
       timestamptz '2026-01-01'
FROM dim_customer c
WHERE c.deleted_at IS NULL;

VACUUM (ANALYZE) customer_score;
