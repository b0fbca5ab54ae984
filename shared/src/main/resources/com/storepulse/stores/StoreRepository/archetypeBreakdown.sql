-- Per archetype of one store: customers, total and average predicted LTV, average churn risk,
-- from the store's rollup (V8). Every archetype appears (zero customers included).
SELECT a.archetype_id,
       coalesce(sum(r.customers), 0) AS customers,
       coalesce(sum(r.total_ltv), 0) AS total_ltv,
       round(sum(r.total_ltv) / nullif(sum(r.customers), 0), 2) AS average_ltv,
       sum(r.sum_churn_risk) / nullif(sum(r.customers), 0) AS average_churn_risk
FROM dim_archetype a
LEFT JOIN store_score_rollup r ON r.archetype_id = a.archetype_id AND r.store_id = :storeId
GROUP BY a.archetype_id
ORDER BY a.archetype_id
