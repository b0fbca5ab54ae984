-- Next keyset page of one archetype's customers in a store, by predicted LTV.
SELECT customer_id, predicted_ltv
FROM customer_score
WHERE store_id = :store
  AND archetype_id = :archetype
  AND (predicted_ltv, customer_id) < (:afterValue, :afterId)
ORDER BY predicted_ltv DESC, customer_id DESC
LIMIT 50
