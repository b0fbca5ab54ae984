-- The customer row, locked until commit: writers of one customer's orders queue here, so each
-- recomputes the totals with every other's order committed.
SELECT customer_id FROM dim_customer WHERE store_id = :storeId AND external_id = :externalId FOR UPDATE
