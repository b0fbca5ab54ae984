-- A full rescoring replaces the store's rows: delete, then a plain INSERT from staging. Cheaper
-- than INSERT ... ON CONFLICT DO UPDATE, which pays the conflict check and a non-HOT update of
-- every index per row; readers keep seeing the old rows until the transaction commits.
DELETE FROM customer_score WHERE store_id = :storeId
