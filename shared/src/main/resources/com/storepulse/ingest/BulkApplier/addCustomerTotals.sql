-- New orders added to their customers' totals (BulkApplier.applyOrders: customers whose batch
-- orders were all inserted, none updated or moved away, locked since lockOrderCustomers): the same
-- figures refreshCustomerTotals computes, without reading the customers' earlier orders. One row
-- per customer: :orders live orders of kind order, :spend the live orders' and returns' amounts in
-- the store's currency, :firstAt / :lastAt the earliest and latest of those orders (null: none).
UPDATE dim_customer c
SET first_order_at = LEAST(c.first_order_at, a.first_at),
    last_order_at  = GREATEST(c.last_order_at, a.last_at),
    order_count    = c.order_count + a.orders,
    total_spend    = c.total_spend + a.spend,
    updated_at     = now()
FROM unnest(CAST(:customerIds AS bigint[]), CAST(:orders AS integer[]), CAST(:spend AS numeric[]),
            CAST(:firstAt AS timestamptz[]), CAST(:lastAt AS timestamptz[]))
     AS a (customer_id, orders, spend, first_at, last_at)
WHERE c.customer_id = a.customer_id
