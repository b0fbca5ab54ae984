-- The store's ingest lock, exclusively, for this transaction: webhook deliveries and sync batches
-- take it in shared mode before they check the suppressions (V18), so none is half way through
-- while the customer is erased, and those after it see the suppression entry.
SELECT pg_advisory_xact_lock(23570, hashtext(CAST(:storeId AS text))) AS locked
