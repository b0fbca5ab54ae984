-- Recomputes the customer summary columns from the order facts of the given stores, in one pass.
-- Spend is net of returns and in the store's currency; counts and dates are of orders only.
UPDATE dim_customer c
SET first_order_at = t.first_order_at,
    last_order_at  = t.last_order_at,
    order_count    = t.order_count,
    total_spend    = t.total_spend,
    updated_at     = now()
FROM (SELECT customer_id,
             min(ordered_at) FILTER (WHERE kind = 'order') AS first_order_at,
             max(ordered_at) FILTER (WHERE kind = 'order') AS last_order_at,
             count(*) FILTER (WHERE kind = 'order')        AS order_count,
             round(sum(amount * fx_rate_to_store), 2)      AS total_spend
      FROM fact_order
      WHERE store_id = ANY(:storeIds)
      GROUP BY customer_id) t
WHERE c.customer_id = t.customer_id
