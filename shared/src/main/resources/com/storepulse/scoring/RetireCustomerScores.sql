-- An incremental rescoring, before its upsert: the listed customers' current rows (each is either
-- replaced or removed by this run) go to customer_score_retired, valid until :version, so a walk
-- pinned at an earlier version still reads them. Same transaction as the upsert.
INSERT INTO customer_score_retired (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                    total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
                                    purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
                                    f_score, m_score, segments, model_fit_id, scored_at, score_version, retired_version)
SELECT customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
       total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
       purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
       f_score, m_score, segments, model_fit_id, scored_at, score_version, :version
FROM customer_score
WHERE store_id = :storeId
  AND customer_id = ANY(:ids)
