-- Every order and return of the customer, those deleted at the source too, oldest first.
SELECT external_id, ordered_at, kind, amount, currency, fx_rate_to_store, item_count, channel, created_at,
       updated_at, deleted_at
FROM fact_order
WHERE store_id = :storeId AND customer_id = :customerId
ORDER BY ordered_at, order_id
