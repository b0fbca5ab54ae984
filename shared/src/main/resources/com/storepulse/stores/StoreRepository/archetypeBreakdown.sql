-- Per archetype of one store: customers, total and average predicted LTV, average churn risk.
-- Every archetype appears (zero customers included). The inner GROUP BY is an index-only scan of
-- customer_score_store_aggregates_idx (V4).
SELECT a.archetype_id,
       coalesce(g.customers, 0) AS customers,
       coalesce(g.total_ltv, 0) AS total_ltv,
       g.average_ltv,
       g.average_churn_risk
FROM dim_archetype a
LEFT JOIN (
    SELECT s.archetype_id, count(*) AS customers, sum(s.predicted_ltv) AS total_ltv,
           round(avg(s.predicted_ltv), 2) AS average_ltv, avg(s.churn_risk) AS average_churn_risk
    FROM customer_score s
    WHERE s.store_id = :storeId
    GROUP BY s.archetype_id
) g ON g.archetype_id = a.archetype_id
ORDER BY a.archetype_id
