-- The order rows of a few listed customers (an incremental rescoring: a webhook batch's customers),
-- for OrderHistoryReader: OrderRows.sql's columns and filters as a prepared query, so its plan is
-- made once per connection instead of once per COPY. Driven from the listed customers' primary
-- keys, whatever the statistics say: a soft-deleted customer has no history (OrderRows.sql's
-- anti-join), a live one its orders up to :endKey that were not deleted at the source.
SELECT o.customer_id,
       o.date_key,
       o.kind = 'return' AS is_return,
       o.amount::float8 * o.fx_rate_to_store::float8 AS amount,
       o.ordered_at
FROM dim_customer c
JOIN fact_order o ON o.customer_id = c.customer_id
WHERE c.customer_id = ANY (:ids)
  AND c.store_id = :storeId
  AND c.deleted_at IS NULL
  AND o.store_id = :storeId
  AND o.date_key <= :endKey
  AND o.deleted_at IS NULL
