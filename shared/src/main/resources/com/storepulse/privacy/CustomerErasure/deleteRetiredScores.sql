-- The customer's replaced score versions, kept for list walks (V10).
DELETE FROM customer_score_retired WHERE store_id = :storeId AND customer_id = :customerId
