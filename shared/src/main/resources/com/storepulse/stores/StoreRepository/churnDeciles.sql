-- Scored customers per churn-risk decile: [0, 0.1), [0.1, 0.2), ... [0.9, 1.0] (1.0 falls in the last).
SELECT least(floor(s.churn_risk * 10)::int, 9) AS decile, count(*) AS customers
FROM customer_score s
WHERE s.store_id = :storeId
GROUP BY 1
ORDER BY 1
