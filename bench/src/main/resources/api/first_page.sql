-- First page, 50 by predicted LTV descending (page.sql, no filters, limit + 1 fetched). -D store=
SELECT s.customer_id, c.external_id, c.full_name, c.email, c.order_count,
       s.predicted_ltv, s.churn_risk, s.p_alive, s.archetype_id, s.segments::text AS segments,
       s.last_order_at, s.total_spend, s.scored_at,
       (SELECT st.score_version FROM store_scoring_state st WHERE st.store_id = :store) AS store_version
FROM customer_score s JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :store AND c.deleted_at IS NULL
ORDER BY s.predicted_ltv DESC, s.customer_id DESC
LIMIT 51;
