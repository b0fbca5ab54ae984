-- A full rescoring spans several transactions (load, index builds, swap), so it holds the store's
-- scoring lock for the session: the same key as BeginScoringBatch.sql's transaction lock, which
-- incremental runs take, so the two kinds of run still exclude each other. UnlockStore.sql ends it.
SELECT set_config('statement_timeout', '600s', true) AS statement_timeout, pg_advisory_lock(23566, hashtext(CAST(:storeId AS text))) AS locked
