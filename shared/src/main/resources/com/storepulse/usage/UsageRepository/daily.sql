SELECT usage_date AS date, route, request_count AS requests
FROM api_key_usage_daily
WHERE api_key_id = :apiKeyId
  AND usage_date BETWEEN :from AND :to
ORDER BY usage_date, route
