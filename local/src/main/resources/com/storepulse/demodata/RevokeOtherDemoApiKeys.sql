UPDATE api_key SET revoked_at = now()
WHERE tenant_id = :tenantId AND name = :name AND prefix <> :prefix AND revoked_at IS NULL
