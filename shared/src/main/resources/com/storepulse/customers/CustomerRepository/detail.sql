-- A live customer's profile, scores (if scored) and latest orders, in one round trip: one row
-- per order (up to :orders, newest first), or one row with null order columns when the customer
-- has none. The customer by the retailer's id (V1's unique (store_id, external_id) index); LEFT
-- JOIN: unscored customers have a detail too; s.store_id = :storeId (the customer's store) prunes
-- customer_score to the store's partition (V6); the orders from fact_order_customer_time_idx,
-- orders deleted at the source left out.
SELECT c.customer_id, c.external_id, c.full_name, c.first_name, c.last_name, c.email, c.country, c.signed_up_at,
       c.first_order_at, c.last_order_at, c.order_count, c.total_spend, c.created_at, c.updated_at,
       s.customer_id AS scored_customer_id, s.predicted_ltv, s.ltv_horizon_months, s.churn_risk,
       s.p_alive, s.expected_purchases, s.purchases_horizon_days, s.archetype_id, s.r_score, s.f_score,
       s.m_score, s.frequency, s.recency_days, s.monetary_value, s.segments::text AS segments, s.scored_at,
       o.external_id AS order_external_id, o.ordered_at AS order_ordered_at, o.kind AS order_kind,
       o.amount AS order_amount, o.currency AS order_currency,
       o.amount_in_store_currency AS order_amount_in_store_currency, o.item_count AS order_item_count,
       o.channel AS order_channel
FROM dim_customer c
LEFT JOIN customer_score s ON s.customer_id = c.customer_id AND s.store_id = :storeId
LEFT JOIN LATERAL (
    SELECT f.order_id, f.external_id, f.ordered_at, f.kind, f.amount, f.currency,
           round(f.amount * f.fx_rate_to_store, 2) AS amount_in_store_currency, f.item_count, f.channel
    FROM fact_order f
    WHERE f.customer_id = c.customer_id
      AND f.store_id = :storeId
      AND f.deleted_at IS NULL
    ORDER BY f.ordered_at DESC, f.order_id DESC
    LIMIT :orders) o ON true
WHERE c.store_id = :storeId
  AND c.external_id = :externalId
  AND c.deleted_at IS NULL
ORDER BY o.ordered_at DESC, o.order_id DESC
