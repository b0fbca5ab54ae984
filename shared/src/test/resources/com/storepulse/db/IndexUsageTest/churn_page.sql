-- Next keyset page of a store's customers by churn risk (riskiest first).
SELECT customer_id, churn_risk
FROM customer_score
WHERE store_id = :store
  AND (churn_risk, customer_id) < (:afterValue, :afterId)
ORDER BY churn_risk DESC, customer_id DESC
LIMIT 50
