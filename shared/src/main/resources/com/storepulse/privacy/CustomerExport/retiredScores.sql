-- Score versions an incremental rescoring replaced, kept for list walks (V10), newest first.
SELECT s.predicted_ltv, s.ltv_horizon_months, s.churn_risk, s.p_alive, s.expected_purchases, s.purchases_horizon_days,
       a.code AS archetype, s.r_score, s.f_score, s.m_score, s.frequency, s.recency_days, s.monetary_value,
       s.segments::text AS segments, s.scored_at, s.retired_at
FROM customer_score_retired s
JOIN dim_archetype a ON a.archetype_id = s.archetype_id
WHERE s.store_id = :storeId AND s.customer_id = :customerId
ORDER BY s.retired_at DESC
