-- Next keyset page of a store's customers by predicted LTV (highest first).
SELECT customer_id, predicted_ltv
FROM customer_score
WHERE store_id = :store
  AND (predicted_ltv, customer_id) < (:afterValue, :afterId)
ORDER BY predicted_ltv DESC, customer_id DESC
LIMIT 50
