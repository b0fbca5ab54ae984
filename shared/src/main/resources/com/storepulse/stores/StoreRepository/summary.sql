-- Store KPIs in one pass over customer_score_store_aggregates_idx (V4). "At risk" is
-- archetype in :atRiskArchetypeIds or churn_risk >= :atRiskChurnRisk (StoreSummary.AT_RISK_*).
SELECT (SELECT count(*) FROM dim_customer c WHERE c.store_id = :storeId AND c.deleted_at IS NULL) AS customers,
       count(*) AS scored_customers,
       count(*) FILTER (WHERE s.last_order_at >= :activeSince) AS active_customers,
       count(*) FILTER (WHERE s.archetype_id = ANY(:atRiskArchetypeIds) OR s.churn_risk >= :atRiskChurnRisk) AS at_risk_customers,
       coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY(:atRiskArchetypeIds) OR s.churn_risk >= :atRiskChurnRisk), 0) AS at_risk_ltv,
       coalesce(sum(s.predicted_ltv), 0) AS total_ltv
FROM customer_score s
WHERE s.store_id = :storeId
