-- One keyset page of a store's scored customers. <keyset>, <filters> and <order> are fixed
-- fragments picked by CustomerRepository from CustomerSort and the query's non-null filters
-- (never caller text); every value is a bind parameter. The store id is always bound: a page
-- never leaves the store that passed the caller's store check.
-- No "c.store_id = :storeId" as well (customer_score.store_id is its customer's store by
-- construction): the planner multiplies the two store selectivities, estimates ~100 rows instead
-- of ~10,000, and hash-joins and sorts the whole store (36 ms) instead of walking the index (1 ms).
-- store_version: the store's score version in this statement's snapshot (a one-row primary-key
-- look-up, evaluated once): the version a first page pins its walk at, and what a later page
-- compares with its walk's version (equal: nothing was rescored since, these rows are the walk's).
SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
       s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
       s.last_order_at, s.total_spend, s.scored_at,
       (SELECT st.score_version FROM store_scoring_state st WHERE st.store_id = :storeId) AS store_version
FROM customer_score s
JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :storeId
  AND c.deleted_at IS NULL
  <keyset>
  <filters>
ORDER BY <order>
LIMIT :fetch
