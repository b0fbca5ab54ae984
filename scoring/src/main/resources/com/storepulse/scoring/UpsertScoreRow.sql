-- One customer's row of an incremental rescoring of a few customers (ScoringRepository.ScoreWrite
-- DIRECT): the same row UpsertScoresFromStaging.sql writes from the staging table, bound as
-- parameters instead (no temporary table, no COPY). The row it replaces was retired just before.
INSERT INTO customer_score AS s (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                 total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
                                 purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
                                 f_score, m_score, segments, model_fit_id, scored_at, score_version)
VALUES (:customerId, :storeId, :frequency, :recencyDays, :tenureDays, :monetaryValue,
        :totalSpend, CAST(:lastOrderAt AS timestamptz), :pAlive, :churnRisk, :expectedPurchases,
        :purchasesHorizonDays, :predictedLtv, :ltvHorizonMonths, :archetypeId, :rScore,
        :fScore, :mScore, CAST(:segments AS jsonb), :modelFitId, CAST(:scoredAt AS timestamptz), :scoreVersion)
ON CONFLICT (customer_id, store_id) DO UPDATE SET
    frequency = EXCLUDED.frequency,
    recency_days = EXCLUDED.recency_days,
    tenure_days = EXCLUDED.tenure_days,
    monetary_value = EXCLUDED.monetary_value,
    total_spend = EXCLUDED.total_spend,
    last_order_at = EXCLUDED.last_order_at,
    p_alive = EXCLUDED.p_alive,
    churn_risk = EXCLUDED.churn_risk,
    expected_purchases = EXCLUDED.expected_purchases,
    purchases_horizon_days = EXCLUDED.purchases_horizon_days,
    predicted_ltv = EXCLUDED.predicted_ltv,
    ltv_horizon_months = EXCLUDED.ltv_horizon_months,
    archetype_id = EXCLUDED.archetype_id,
    r_score = EXCLUDED.r_score,
    f_score = EXCLUDED.f_score,
    m_score = EXCLUDED.m_score,
    segments = EXCLUDED.segments,
    model_fit_id = EXCLUDED.model_fit_id,
    scored_at = EXCLUDED.scored_at,
    score_version = EXCLUDED.score_version
