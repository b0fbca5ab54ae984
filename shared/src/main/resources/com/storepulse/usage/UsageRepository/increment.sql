INSERT INTO api_key_usage_daily (api_key_id, usage_date, route, request_count)
VALUES (:apiKeyId, :usageDate, :route, :count)
ON CONFLICT (api_key_id, usage_date, route)
DO UPDATE SET request_count = api_key_usage_daily.request_count + EXCLUDED.request_count
