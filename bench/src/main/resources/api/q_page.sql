-- A q= page: 50 by predicted LTV descending whose name or customer id starts with the prefix
-- (page.sql with CustomerRepository's PREFIX filter). -D store= -D pattern='ma%' (lower-cased,
-- LIKE metacharacters escaped, as CustomerRepository.likePrefix binds it).
SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
       s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
       s.last_order_at, s.total_spend, s.scored_at
FROM customer_score s JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :store AND c.deleted_at IS NULL
  AND s.customer_id IN (
      SELECT customer_id FROM dim_customer
      WHERE store_id = :store AND deleted_at IS NULL AND lower(full_name) LIKE :pattern
      UNION ALL
      SELECT customer_id FROM dim_customer
      WHERE store_id = :store AND deleted_at IS NULL AND lower(external_id) LIKE :pattern)
ORDER BY s.predicted_ltv DESC, s.customer_id DESC
LIMIT 51;
