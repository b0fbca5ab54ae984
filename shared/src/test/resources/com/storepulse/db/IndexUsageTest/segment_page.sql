-- First page of a store's customers carrying a segment tag, by predicted LTV.
SELECT customer_id, predicted_ltv
FROM customer_score
WHERE store_id = :store
  AND segments @> CAST(:segments AS jsonb)
ORDER BY predicted_ltv DESC, customer_id DESC
LIMIT 50
