-- A customer's latest orders and returns, newest first (fact_order_customer_time_idx).
SELECT external_id, ordered_at, kind, amount, currency, round(amount * fx_rate_to_store, 2) AS amount_in_store_currency,
       item_count, channel
FROM fact_order
WHERE customer_id = :customerId
  AND store_id = :storeId
ORDER BY ordered_at DESC, order_id DESC
LIMIT :limit
