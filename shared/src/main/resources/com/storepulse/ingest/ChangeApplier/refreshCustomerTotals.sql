-- The summary columns of the given customers from their order facts (as the demo loader computes
-- them): spend net of returns in the store's currency; counts and dates of orders only. A customer
-- left with no order gets zeros. Orders deleted at the source (deleted_at) do not count. Each
-- customer's orders are read through the (customer_id, ordered_at) index (a LATERAL aggregate per
-- customer), never by a hash over the store's orders, however many customers are given.
UPDATE dim_customer c
SET first_order_at = t.first_order_at,
    last_order_at  = t.last_order_at,
    order_count    = t.order_count,
    total_spend    = t.total_spend,
    updated_at     = now()
FROM (SELECT d.customer_id, a.*
      FROM unnest(CAST(:customerIds AS bigint[])) AS d (customer_id)
      CROSS JOIN LATERAL (
          SELECT min(o.ordered_at) FILTER (WHERE o.kind = 'order')         AS first_order_at,
                 max(o.ordered_at) FILTER (WHERE o.kind = 'order')         AS last_order_at,
                 count(o.order_id) FILTER (WHERE o.kind = 'order')         AS order_count,
                 COALESCE(round(sum(o.amount * o.fx_rate_to_store), 2), 0) AS total_spend
          FROM fact_order o
          WHERE o.customer_id = d.customer_id AND o.deleted_at IS NULL) a) t
WHERE c.customer_id = t.customer_id
