-- How many scored customers match a list query's filters (include=total). Same filters as page.sql.
SELECT count(*)
FROM customer_score s
JOIN dim_customer c ON c.customer_id = s.customer_id
WHERE s.store_id = :storeId
  AND c.deleted_at IS NULL
  <filters>
