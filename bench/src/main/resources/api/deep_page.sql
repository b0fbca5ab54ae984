-- Keyset page after a cursor by predicted LTV descending (CustomerRepository page.sql with its
-- store-version look-up). -D store= -D after_ltv= -D after_id= -D fetch= (limit + 1; the bench
-- prints the deep cursors' payloads: k is after_ltv, i is after_id).
SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
       s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
       s.last_order_at, s.total_spend, s.scored_at,
       (SELECT st.score_version FROM store_scoring_state st WHERE st.store_id = :store) AS store_version
FROM customer_score s JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :store AND c.deleted_at IS NULL
  AND (s.predicted_ltv, s.customer_id) < (CAST(:after_ltv AS numeric), :after_id)
ORDER BY s.predicted_ltv DESC, s.customer_id DESC
LIMIT :fetch;
