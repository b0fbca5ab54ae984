-- Bare SQL of a detail cache miss: the profile + scores by the retailer's id, then the latest 10
-- orders (CustomerRepository detail.sql, recentOrders.sql). Needs -D store= -D external_id=.
SELECT c.customer_id, c.external_id, c.full_name, c.first_name, c.last_name, c.email, c.country, c.signed_up_at,
       c.first_order_at, c.last_order_at, c.order_count, c.total_spend, c.created_at, c.updated_at,
       s.customer_id AS scored_customer_id, s.predicted_ltv, s.ltv_horizon_months, s.churn_risk,
       s.p_alive, s.expected_purchases, s.purchases_horizon_days, s.archetype_id, s.r_score, s.f_score,
       s.m_score, s.frequency, s.recency_days, s.monetary_value, s.segments::text AS segments, s.scored_at
FROM dim_customer c LEFT JOIN customer_score s ON s.customer_id = c.customer_id
WHERE c.store_id = :store AND c.external_id = :external_id AND c.deleted_at IS NULL \gset
SELECT external_id, ordered_at, kind, amount, currency, round(amount * fx_rate_to_store, 2) AS amount_in_store_currency,
       item_count, channel
FROM fact_order WHERE customer_id = :customer_id AND store_id = :store
ORDER BY ordered_at DESC, order_id DESC LIMIT 10;
