-- Store KPIs in one statement, so every figure comes from one snapshot (the scorer writes the
-- scores and both rollups in one transaction). About 200 small rows (<= 110 decile rows, ~90 days)
-- and one day of index entries are read, whatever the store's size:
--   live_customers    V11 store_live_customers (kept by triggers on dim_customer, exact at commit)
--   active_customers  scored customers whose last order is at or after :activeSince: the V11
--                     last-order days after :activeSinceDay (the UTC day of :activeSince) from
--                     the rollup, plus that first day's customers from :activeSince up to
--                     :dayAfter (the next UTC midnight), counted on V4's recency index
--   one row per churn-risk decile of V8 store_score_rollup ("at risk" was applied when it was
--   written); none when the store has no scores. The Java side adds the decile rows up.
SELECT coalesce((SELECT l.customers FROM store_live_customers l WHERE l.store_id = :storeId), 0) AS live_customers,
       coalesce((SELECT sum(d.customers) FROM store_last_order_rollup d
                 WHERE d.store_id = :storeId AND d.last_order_day > :activeSinceDay), 0)
       + (SELECT count(*) FROM customer_score s
          WHERE s.store_id = :storeId
            AND COALESCE(s.last_order_at, '-infinity'::timestamptz) >= :activeSince
            AND COALESCE(s.last_order_at, '-infinity'::timestamptz) < :dayAfter) AS active_customers,
       r.decile, r.scored_customers, r.at_risk_customers, r.at_risk_ltv, r.total_ltv
FROM (SELECT 1) AS one
LEFT JOIN (SELECT churn_decile AS decile,
                  sum(customers) AS scored_customers,
                  sum(at_risk_customers) AS at_risk_customers,
                  sum(at_risk_ltv) AS at_risk_ltv,
                  sum(total_ltv) AS total_ltv
           FROM store_score_rollup
           WHERE store_id = :storeId
           GROUP BY churn_decile) AS r ON true
