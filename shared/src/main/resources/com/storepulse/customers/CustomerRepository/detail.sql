-- A live customer's profile and, if scored, scores, by the retailer's id (V1's unique
-- (store_id, external_id) index). LEFT JOIN: unscored customers have a detail too.
-- s.store_id = :storeId (the customer's store) prunes customer_score to the store's partition (V6).
SELECT c.customer_id, c.external_id, c.full_name, c.first_name, c.last_name, c.email, c.country, c.signed_up_at,
       c.first_order_at, c.last_order_at, c.order_count, c.total_spend, c.created_at, c.updated_at,
       s.customer_id AS scored_customer_id, s.predicted_ltv, s.ltv_horizon_months, s.churn_risk,
       s.p_alive, s.expected_purchases, s.purchases_horizon_days, s.archetype_id, s.r_score, s.f_score,
       s.m_score, s.frequency, s.recency_days, s.monetary_value, s.segments::text AS segments, s.scored_at
FROM dim_customer c
LEFT JOIN customer_score s ON s.customer_id = c.customer_id AND s.store_id = :storeId
WHERE c.store_id = :storeId
  AND c.external_id = :externalId
  AND c.deleted_at IS NULL
