-- Rows about to be replaced or removed go to customer_score_retired, valid until :version, so a
-- walk pinned at an earlier version still reads them. Same transaction as the change.
-- <source> and <customerFilter> are fixed fragments from ScoreVersions (never caller text):
-- an incremental run retires the listed customers' rows of customer_score before its upsert; a
-- full run's swap, before ClearDefaultPartition.sql, retires the store's rows in the default
-- partition (normally none) instead of dropping them.
INSERT INTO customer_score_retired (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                    total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
                                    purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
                                    f_score, m_score, segments, model_fit_id, scored_at, score_version, retired_version)
SELECT customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
       total_spend, last_order_at, p_alive, churn_risk, expected_purchases,
       purchases_horizon_days, predicted_ltv, ltv_horizon_months, archetype_id, r_score,
       f_score, m_score, segments, model_fit_id, scored_at, score_version, :version
FROM <source>
WHERE store_id = :storeId
  <customerFilter>
