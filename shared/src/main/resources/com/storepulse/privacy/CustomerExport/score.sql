-- The customer's current score (the store's partition: V6).
SELECT s.predicted_ltv, s.ltv_horizon_months, s.churn_risk, s.p_alive, s.expected_purchases, s.purchases_horizon_days,
       a.code AS archetype, s.r_score, s.f_score, s.m_score, s.frequency, s.recency_days, s.monetary_value,
       s.segments::text AS segments, s.scored_at, CAST(NULL AS timestamptz) AS retired_at
FROM customer_score s
JOIN dim_archetype a ON a.archetype_id = s.archetype_id
WHERE s.store_id = :storeId AND s.customer_id = :customerId
