-- One store's rollup from its scores: one pass over the store's customer_score rows. The at-risk
-- archetypes come as codes (StoreSummary.AT_RISK_ARCHETYPES); their ids are looked up once (an
-- uncorrelated subquery: an InitPlan).
INSERT INTO store_score_rollup (store_id, archetype_id, churn_decile, customers, total_ltv, sum_churn_risk,
                                at_risk_customers, at_risk_ltv)
SELECT s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9), count(*),
       coalesce(sum(s.predicted_ltv), 0), sum(s.churn_risk),
       count(*) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                           OR s.churn_risk >= :atRiskChurnRisk),
       coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                                                OR s.churn_risk >= :atRiskChurnRisk), 0)
FROM customer_score s
WHERE s.store_id = :storeId
GROUP BY s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9)
