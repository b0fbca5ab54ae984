-- The customer's row in one kept former partition (<partition> is made of numbers), retired when the
-- partition was.
SELECT s.predicted_ltv, s.ltv_horizon_months, s.churn_risk, s.p_alive, s.expected_purchases, s.purchases_horizon_days,
       a.code AS archetype, s.r_score, s.f_score, s.m_score, s.frequency, s.recency_days, s.monetary_value,
       s.segments::text AS segments, s.scored_at, p.retired_at
FROM <partition> s
JOIN dim_archetype a ON a.archetype_id = s.archetype_id
JOIN customer_score_retired_partition p ON p.store_id = :storeId AND p.retired_version = :retiredVersion
WHERE s.customer_id = :customerId
