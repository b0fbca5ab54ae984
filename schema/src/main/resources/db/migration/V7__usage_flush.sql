-- Usage metering, version 7: requests are counted in Redis and flushed to api_key_usage_daily in
-- batches (see UsageMeter). A batch's id is recorded in the same transaction that adds its
-- counts, so a batch flushed twice (two instances, or a retry after a crash between the commit
-- and the Redis clean-up) is added once.
CREATE TABLE usage_flush_batch (
    batch_id    uuid        PRIMARY KEY,
    requests    bigint      NOT NULL CHECK (requests >= 0),
    flushed_at  timestamptz NOT NULL DEFAULT now()
);

-- Pruned after UsageMeter.BATCH_RETENTION_DAYS; the primary key serves the look-ups.
CREATE INDEX usage_flush_batch_flushed_at_idx ON usage_flush_batch (flushed_at);
