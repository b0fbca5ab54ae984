-- The customer's current score (after StoreRollups.removeCustomers took it out of the rollups).
DELETE FROM customer_score WHERE store_id = :storeId AND customer_id = :customerId
