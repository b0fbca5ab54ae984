-- Store summary (StoreRepository liveCustomers.sql, activeCustomers.sql, summary.sql). -D store=
SELECT count(*) FROM dim_customer WHERE store_id = :store AND deleted_at IS NULL;
SELECT count(*) FROM customer_score s
WHERE s.store_id = :store AND COALESCE(s.last_order_at, '-infinity'::timestamptz) >= now() - interval '90 days';
SELECT r.churn_decile AS decile, sum(r.customers) AS scored_customers, sum(r.at_risk_customers) AS at_risk_customers,
       sum(r.at_risk_ltv) AS at_risk_ltv, sum(r.total_ltv) AS total_ltv
FROM store_score_rollup r WHERE r.store_id = :store GROUP BY r.churn_decile;
