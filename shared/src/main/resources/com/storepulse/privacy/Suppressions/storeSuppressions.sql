-- Takes the store's ingest lock (shared) and reads every suppressed hash of the store. V18's
-- store_suppressions.
SELECT store_suppressions(:storeId)
