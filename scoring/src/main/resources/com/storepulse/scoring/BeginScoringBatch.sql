-- One scoring run per store at a time (transaction-scoped advisory lock; class 0x5C0E = "scoring"),
-- and a batch's own time limit instead of the pool's per-request statement_timeout.
SELECT pg_advisory_xact_lock(23566, hashtext(CAST(:storeId AS text))), set_config('statement_timeout', '600s', true)
