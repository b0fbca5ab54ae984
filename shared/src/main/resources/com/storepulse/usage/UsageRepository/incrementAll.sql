-- A flushed batch: one upsert for all its counters. Counters of API keys deleted since (only
-- benchmarks and tests delete keys; the API revokes them) are dropped rather than failing the batch.
INSERT INTO api_key_usage_daily (api_key_id, usage_date, route, request_count)
SELECT u.api_key_id, u.usage_date, u.route, u.request_count
FROM unnest(:apiKeyIds::bigint[], :usageDates::text[]::date[], :routes::text[], :counts::bigint[])
         AS u (api_key_id, usage_date, route, request_count)
WHERE EXISTS (SELECT 1 FROM api_key k WHERE k.api_key_id = u.api_key_id)
ON CONFLICT (api_key_id, usage_date, route)
DO UPDATE SET request_count = api_key_usage_daily.request_count + EXCLUDED.request_count
