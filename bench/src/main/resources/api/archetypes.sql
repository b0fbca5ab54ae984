-- Archetype breakdown of one store from its rollup (StoreRepository archetypeBreakdown.sql). -D store=
SELECT a.archetype_id,
       coalesce(sum(r.customers), 0) AS customers,
       coalesce(sum(r.total_ltv), 0) AS total_ltv,
       round(sum(r.total_ltv) / nullif(sum(r.customers), 0), 2) AS average_ltv,
       sum(r.sum_churn_risk) / nullif(sum(r.customers), 0) AS average_churn_risk
FROM dim_archetype a
LEFT JOIN store_score_rollup r ON r.archetype_id = a.archetype_id AND r.store_id = :store
GROUP BY a.archetype_id
ORDER BY a.archetype_id;
