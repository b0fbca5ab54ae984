-- Scored customers with an order in the window: a range of V4's customer_score_store_recency_idx
-- (same expression), so only the active customers' index entries are read.
SELECT count(*)
FROM customer_score s
WHERE s.store_id = :storeId
  AND COALESCE(s.last_order_at, '-infinity'::timestamptz) >= :activeSince
