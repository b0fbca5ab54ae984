-- First page with segment and churn filters, by predicted LTV descending (page.sql with the
-- SEGMENTS and MIN_CHURN filters; both values are bound parameters, as CustomerRepository binds
-- them, so the plan cache behaves as in the API). -D store= -D churn=0.5 -D segments='["vip"]'
SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
       s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
       s.last_order_at, s.total_spend, s.scored_at
FROM customer_score s JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :store AND c.deleted_at IS NULL
  AND s.churn_risk >= :churn
  AND s.segments @> CAST(:segments AS jsonb)
ORDER BY s.predicted_ltv DESC, s.customer_id DESC
LIMIT 51;
