-- The store's scoring lock, for this transaction: the erasure writes customer_score and the store's
-- rollups, whose only other writer is the scorer (same key as scoring's BeginScoringBatch.sql and
-- LockStore.sql). A full rescoring of a large store holds it for seconds: the erasure waits up to
-- its lock_timeout, then is answered 503 and asked again. Taken before the ingest lock (no writer
-- holds the ingest lock while it waits for this one).
SELECT set_config('statement_timeout', '25s', true) AS statement_timeout,
       set_config('lock_timeout', '20s', true) AS lock_timeout,
       pg_advisory_xact_lock(23566, hashtext(CAST(:storeId AS text))) AS locked
