-- Stores that have live customers but no score yet (fresh demo data, a new import).
SELECT s.store_id
FROM store s
WHERE EXISTS (SELECT 1 FROM dim_customer c WHERE c.store_id = s.store_id AND c.deleted_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM customer_score cs WHERE cs.store_id = s.store_id)
ORDER BY s.store_id
