-- One flush batch holds the counters of keys of every tenant and is applied in one transaction (its
-- idempotency rests on that): V20's storepulse_add_usage adds them as the owner, counters only, for
-- keys that exist; the statement it runs is the one that stood here before row-level security.
SELECT storepulse_add_usage(CAST(:apiKeyIds AS bigint[]), CAST(CAST(:usageDates AS text[]) AS date[]),
                            CAST(:routes AS text[]), CAST(:counts AS bigint[]))
