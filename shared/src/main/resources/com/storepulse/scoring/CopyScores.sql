-- <table> is customer_score (a full rescoring, after its DELETE) or the staging table (incremental).
COPY <table> (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
             last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
             predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments,
             model_fit_id, scored_at)
FROM STDIN
