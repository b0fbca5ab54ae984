-- One customer's row for UpsertScores.sql, bound as parameters (ScoringRepository.ScoreWrite
-- DIRECT: a few customers, no temporary table, no COPY); the columns of CopyScores.sql.
(customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
 last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
 predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments,
 model_fit_id, scored_at, score_version)
VALUES (:customerId, :storeId, :frequency, :recencyDays, :tenureDays, :monetaryValue,
        :totalSpend, CAST(:lastOrderAt AS timestamptz), :pAlive, :churnRisk, :expectedPurchases,
        :purchasesHorizonDays, :predictedLtv, :ltvHorizonMonths, :archetypeId, :rScore,
        :fScore, :mScore, CAST(:segments AS jsonb), :modelFitId, CAST(:scoredAt AS timestamptz), :scoreVersion)
