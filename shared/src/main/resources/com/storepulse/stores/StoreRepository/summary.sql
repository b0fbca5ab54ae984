-- Store KPIs per churn-risk decile from the store's rollup (V8 store_score_rollup, at most 110
-- rows): the Java side adds the ten rows up. "At risk" was applied when the rollup was written.
SELECT r.churn_decile AS decile,
       sum(r.customers) AS scored_customers,
       sum(r.at_risk_customers) AS at_risk_customers,
       sum(r.at_risk_ltv) AS at_risk_ltv,
       sum(r.total_ltv) AS total_ltv
FROM store_score_rollup r
WHERE r.store_id = :storeId
GROUP BY r.churn_decile
