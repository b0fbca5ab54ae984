-- An incremental rescoring's rows into the store's partition (or the default one). store_id is
-- part of the key: a customer never changes store. The rows it replaces were retired just before
-- (RetireScoreRows.sql). <rows> is a fixed fragment from ScoringRepository: the staging table's
-- rows (many customers), or one customer's row bound as parameters (ScoreRowValues.sql).
INSERT INTO customer_score AS s
<rows>
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
