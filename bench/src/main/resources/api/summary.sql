-- Store summary: StoreRepository summary.sql, one statement. -D store= ; the active window starts
-- 90 days before now(), its first UTC day is counted from the recency index.
SELECT coalesce((SELECT l.customers FROM store_live_customers l WHERE l.store_id = :store), 0) AS live_customers,
       coalesce((SELECT sum(d.customers) FROM store_last_order_rollup d
                 WHERE d.store_id = :store AND d.last_order_day > ((now() - interval '90 days') AT TIME ZONE 'UTC')::date), 0)
       + (SELECT count(*) FROM customer_score s
          WHERE s.store_id = :store
            AND COALESCE(s.last_order_at, '-infinity'::timestamptz) >= now() - interval '90 days'
            AND COALESCE(s.last_order_at, '-infinity'::timestamptz)
                < (((now() - interval '90 days') AT TIME ZONE 'UTC')::date + 1) AT TIME ZONE 'UTC') AS active_customers,
       r.decile, r.scored_customers, r.at_risk_customers, r.at_risk_ltv, r.total_ltv
FROM (SELECT 1) AS one
LEFT JOIN (SELECT churn_decile AS decile, sum(customers) AS scored_customers, sum(at_risk_customers) AS at_risk_customers,
                  sum(at_risk_ltv) AS at_risk_ltv, sum(total_ltv) AS total_ltv
           FROM store_score_rollup WHERE store_id = :store GROUP BY churn_decile) AS r ON true;
