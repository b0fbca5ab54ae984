-- <table> is a store's load table (a full rescoring; <options> adds FREEZE: the table was
-- truncated in the same transaction, so the rows go in frozen and all-visible, and index-only
-- scans need no VACUUM first) or the staging table (incremental). Binary: ScoreCopyEncoder.
-- score_version: the run's version (ScoreVersions).
COPY <table> (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
             last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
             predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments,
             model_fit_id, scored_at, score_version)
FROM STDIN WITH (FORMAT binary<options>)
