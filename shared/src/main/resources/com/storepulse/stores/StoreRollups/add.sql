-- Score rows into the store's rollup: all of the store's (a full rebuild, after delete.sql: one pass
-- over its customer_score rows) or, with <customerFilter> (a fixed fragment from StoreRollups, never
-- caller text), the listed customers' new rows after an incremental run (the counterpart of
-- removeCustomers.sql). The at-risk archetypes come as codes (StoreSummary.AT_RISK_ARCHETYPES);
-- their ids are looked up once (an uncorrelated subquery: an InitPlan).
INSERT INTO store_score_rollup AS r (store_id, archetype_id, churn_decile, customers, total_ltv, sum_churn_risk,
                                     at_risk_customers, at_risk_ltv)
SELECT s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9), count(*),
       coalesce(sum(s.predicted_ltv), 0), sum(s.churn_risk),
       count(*) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                           OR s.churn_risk >= :atRiskChurnRisk),
       coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                                                OR s.churn_risk >= :atRiskChurnRisk), 0)
FROM customer_score s
WHERE s.store_id = :storeId <customerFilter>
GROUP BY s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9)
ON CONFLICT (store_id, archetype_id, churn_decile) DO UPDATE
SET customers         = r.customers + EXCLUDED.customers,
    total_ltv         = r.total_ltv + EXCLUDED.total_ltv,
    sum_churn_risk    = r.sum_churn_risk + EXCLUDED.sum_churn_risk,
    at_risk_customers = r.at_risk_customers + EXCLUDED.at_risk_customers,
    at_risk_ltv       = r.at_risk_ltv + EXCLUDED.at_risk_ltv
