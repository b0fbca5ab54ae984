-- Archetype breakdown of one store (StoreRepository archetypeBreakdown.sql). -D store=
SELECT a.archetype_id, coalesce(g.customers, 0) AS customers, coalesce(g.total_ltv, 0) AS total_ltv,
       g.average_ltv, g.average_churn_risk
FROM dim_archetype a
LEFT JOIN (
    SELECT s.archetype_id, count(*) AS customers, sum(s.predicted_ltv) AS total_ltv,
           round(avg(s.predicted_ltv), 2) AS average_ltv, avg(s.churn_risk) AS average_churn_risk
    FROM customer_score s WHERE s.store_id = :store GROUP BY s.archetype_id
) g ON g.archetype_id = a.archetype_id
ORDER BY a.archetype_id;
