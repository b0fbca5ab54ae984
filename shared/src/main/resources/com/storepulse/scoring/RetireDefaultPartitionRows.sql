-- A full rescoring's swap, before ClearDefaultPartition.sql: the store's rows in the default
-- partition (normally none) are retired like an incremental run's, not dropped.
INSERT INTO customer_score_retired (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                    total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
                                    purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
                                    f_score, m_score, segments, model_fit_id, scored_at, score_version, retired_version)
SELECT customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
       total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
       purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
       f_score, m_score, segments, model_fit_id, scored_at, score_version, :version
FROM customer_score_default
WHERE store_id = :storeId
