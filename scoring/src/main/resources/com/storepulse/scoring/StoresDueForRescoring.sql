-- Stores with live customers whose last whole-store scoring is older than :before, or that were
-- never scored: their scores were computed as of that day, and recency and churn risk move with
-- every day that passes without an order.
SELECT s.store_id
FROM store s
LEFT JOIN store_scoring_state st ON st.store_id = s.store_id
WHERE EXISTS (SELECT 1 FROM dim_customer c WHERE c.store_id = s.store_id AND c.deleted_at IS NULL)
  AND (st.as_of IS NULL OR st.as_of < :before)
ORDER BY s.store_id
