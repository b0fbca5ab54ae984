-- One keyset page of a walk pinned at score version :version, when the store was rescored since
-- (CustomerRepository.page; docs/scoring.md "Score versions"). The rows valid at :version are
--   * rows of <source> written at or before :version: <source> is the partition that was current
--     at :version, either still customer_score or a kept former partition (customer_score_p<s>_r<v>,
--     a fixed name made from numbers); when it is neither, <sourceCondition> is "AND false" and the
--     branch is a one-time filter that reads nothing;
--   * retired row versions that were current at :version (score_version <= :version < retired_version).
-- Each customer has exactly one of them. The partition branch walks its sort index from the keyset
-- position for :fetch rows; its last row (edge) bounds the retired branch, which walks its own
-- sort index between the keyset position and that edge only: however many rows were retired
-- (most of them at other versions), a page reads those in its own key span. Without an edge (the
-- partition branch ended) <edge> falls back to the far end of the order. The merge sorts at most
-- twice :fetch rows. partition_version lets the caller check that customer_score was the partition
-- it looked up (a full rescoring that commits in between would swap it).
WITH part AS MATERIALIZED (
    SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
           s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
           s.last_order_at, s.total_spend, s.scored_at, <key> AS sort_key
    FROM <source> s
    JOIN dim_customer c ON c.customer_id = s.customer_id
    WHERE s.store_id = :storeId
      AND c.deleted_at IS NULL
      <sourceCondition>
      <keyset>
      <filters>
    ORDER BY <order>
    LIMIT :fetch
), edge AS (
    SELECT sort_key, customer_id FROM part
    ORDER BY sort_key <direction>, customer_id <direction>
    OFFSET :fetch - 1
    LIMIT 1
)
SELECT p.*, (SELECT st.partition_version FROM store_scoring_state st WHERE st.store_id = :storeId) AS partition_version
FROM (
    SELECT * FROM part
    UNION ALL
    (SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
            s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
            s.last_order_at, s.total_spend, s.scored_at, <key> AS sort_key
     FROM customer_score_retired s
     JOIN dim_customer c ON c.customer_id = s.customer_id
     WHERE s.store_id = :storeId
       AND c.deleted_at IS NULL
       AND s.score_version <= :version
       AND s.retired_version > :version
       <keyset>
       <edge>
       <filters>
     ORDER BY <order>
     LIMIT :fetch)
) p
ORDER BY p.sort_key <direction>, p.customer_id <direction>
LIMIT :fetch
