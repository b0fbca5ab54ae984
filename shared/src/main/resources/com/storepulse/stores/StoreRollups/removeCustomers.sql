-- An incremental run, before it rewrites or removes the listed customers' scores: their current
-- rows leave the store's rollup (O(listed customers), not a pass over the store). A cell they
-- empty is deleted (the rollup keeps no empty cells), the others lose their share.
WITH gone AS (
    SELECT s.archetype_id, least(floor(s.churn_risk * 10)::int, 9) AS churn_decile, count(*) AS customers,
           coalesce(sum(s.predicted_ltv), 0) AS total_ltv, sum(s.churn_risk) AS sum_churn_risk,
           count(*) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                               OR s.churn_risk >= :atRiskChurnRisk) AS at_risk_customers,
           coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY(ARRAY(SELECT archetype_id FROM dim_archetype WHERE code = ANY(:atRiskArchetypes)))
                                                    OR s.churn_risk >= :atRiskChurnRisk), 0) AS at_risk_ltv
    FROM customer_score s
    WHERE s.store_id = :storeId AND s.customer_id = ANY(:ids)
    GROUP BY s.archetype_id, least(floor(s.churn_risk * 10)::int, 9)
), emptied AS (
    DELETE FROM store_score_rollup r
    USING gone g
    WHERE r.store_id = :storeId AND r.archetype_id = g.archetype_id AND r.churn_decile = g.churn_decile
      AND r.customers <= g.customers
    RETURNING r.archetype_id
)
UPDATE store_score_rollup r
SET customers         = r.customers - g.customers,
    total_ltv         = r.total_ltv - g.total_ltv,
    sum_churn_risk    = r.sum_churn_risk - g.sum_churn_risk,
    at_risk_customers = r.at_risk_customers - g.at_risk_customers,
    at_risk_ltv       = r.at_risk_ltv - g.at_risk_ltv
FROM gone g
WHERE r.store_id = :storeId AND r.archetype_id = g.archetype_id AND r.churn_decile = g.churn_decile
  AND r.customers > g.customers
