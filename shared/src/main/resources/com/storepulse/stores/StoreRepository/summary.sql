-- Store KPIs in one pass over customer_score_store_aggregates_idx (V4, index-only), grouped by
-- churn-risk decile ([0, 0.1) .. [0.9, 1.0], 1.0 in the last): the Java side adds the ten rows
-- up, so the deciles cost no second scan. "At risk" is archetype in :atRiskArchetypeIds or
-- churn_risk >= :atRiskChurnRisk (StoreSummary.AT_RISK_*).
SELECT least(floor(s.churn_risk * 10)::int, 9) AS decile,
       count(*) AS scored_customers,
       count(*) FILTER (WHERE s.last_order_at >= :activeSince) AS active_customers,
       count(*) FILTER (WHERE s.archetype_id = ANY(:atRiskArchetypeIds) OR s.churn_risk >= :atRiskChurnRisk) AS at_risk_customers,
       coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY(:atRiskArchetypeIds) OR s.churn_risk >= :atRiskChurnRisk), 0) AS at_risk_ltv,
       coalesce(sum(s.predicted_ltv), 0) AS total_ltv
FROM customer_score s
WHERE s.store_id = :storeId
GROUP BY 1
