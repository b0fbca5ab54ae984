-- Store summary (StoreRepository liveCustomers.sql + summary.sql); archetype ids 8, 9 are
-- at_risk and cant_lose_them (V1), bound by the application. -D store=
SELECT count(*) FROM dim_customer WHERE store_id = :store AND deleted_at IS NULL;
SELECT least(floor(s.churn_risk * 10)::int, 9) AS decile,
       count(*) AS scored_customers,
       count(*) FILTER (WHERE s.last_order_at >= now() - interval '90 days') AS active_customers,
       count(*) FILTER (WHERE s.archetype_id = ANY('{8,9}'::int[]) OR s.churn_risk >= 0.7) AS at_risk_customers,
       coalesce(sum(s.predicted_ltv) FILTER (WHERE s.archetype_id = ANY('{8,9}'::int[]) OR s.churn_risk >= 0.7), 0) AS at_risk_ltv,
       coalesce(sum(s.predicted_ltv), 0) AS total_ltv
FROM customer_score s WHERE s.store_id = :store GROUP BY 1;
