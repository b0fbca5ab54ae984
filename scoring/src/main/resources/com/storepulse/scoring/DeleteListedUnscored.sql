-- The direct write's counterpart of DeleteUnscored.sql: of the listed customers (:ids), the rows
-- of those this run did not score (:scored): soft-deleted customers and customers left without
-- an order.
DELETE FROM customer_score s
WHERE s.store_id = :storeId
  AND s.customer_id = ANY(:ids)
  AND NOT (s.customer_id = ANY(:scored))
