-- Score rows of the store (or of the given customers) that this run did not write: soft-deleted
-- customers and customers left without an order.
DELETE FROM customer_score s
WHERE s.store_id = :storeId
  <customerFilter>
  AND NOT EXISTS (SELECT 1 FROM customer_score_staging g WHERE g.customer_id = s.customer_id)
