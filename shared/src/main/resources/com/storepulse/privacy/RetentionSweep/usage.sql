-- A tenant's metered usage days older than USAGE_RETENTION (billing is over), a bounded batch.
DELETE FROM api_key_usage_daily
WHERE (api_key_id, usage_date, route) IN (
    SELECT u.api_key_id, u.usage_date, u.route
    FROM api_key_usage_daily u
    JOIN api_key k ON k.api_key_id = u.api_key_id
    WHERE k.tenant_id = :tenantId
      AND u.usage_date < CAST(now() - CAST(:keep AS interval) AS date)
    ORDER BY u.usage_date
    LIMIT :batch)
