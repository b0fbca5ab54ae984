-- Store aggregates, version 8: the store summary and archetype breakdown read a small rollup
-- instead of every customer_score row of the store (44,451 rows for the largest demo store: a
-- 17-35 ms aggregation per cache miss). The scorer rewrites a store's rollup in the transaction
-- that writes its scores (StoreRollups.refresh), so the two never disagree.
-- One row per (store, archetype, churn-risk decile): [0, 0.1) .. [0.9, 1.0], 1.0 in the last.
CREATE TABLE store_score_rollup (
    store_id           bigint           NOT NULL,
    archetype_id       smallint         NOT NULL,
    churn_decile       smallint         NOT NULL CHECK (churn_decile BETWEEN 0 AND 9),
    customers          bigint           NOT NULL CHECK (customers > 0),
    total_ltv          numeric          NOT NULL,
    sum_churn_risk     double precision NOT NULL,
    -- "At risk": an at-risk archetype or churn risk >= 0.7 (StoreSummary.AT_RISK_*).
    at_risk_customers  bigint           NOT NULL,
    at_risk_ltv        numeric          NOT NULL,
    PRIMARY KEY (store_id, archetype_id, churn_decile)
);

-- Backfill the stores scored before this version, with the rule StoreRollups.refresh applies.
INSERT INTO store_score_rollup (store_id, archetype_id, churn_decile, customers, total_ltv, sum_churn_risk,
                                at_risk_customers, at_risk_ltv)
SELECT s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9), count(*),
       coalesce(sum(s.predicted_ltv), 0), sum(s.churn_risk),
       count(*) FILTER (WHERE a.code IN ('at_risk', 'cant_lose_them') OR s.churn_risk >= 0.7),
       coalesce(sum(s.predicted_ltv) FILTER (WHERE a.code IN ('at_risk', 'cant_lose_them') OR s.churn_risk >= 0.7), 0)
FROM customer_score s
JOIN dim_archetype a ON a.archetype_id = s.archetype_id
GROUP BY s.store_id, s.archetype_id, least(floor(s.churn_risk * 10)::int, 9);
