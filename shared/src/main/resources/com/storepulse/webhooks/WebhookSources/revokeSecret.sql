UPDATE webhook_secret s
SET revoked_at = now()
FROM webhook_source w
WHERE s.secret_id = :secretId AND s.source_id = :sourceId AND w.source_id = s.source_id
  AND w.tenant_id = :tenantId AND s.revoked_at IS NULL
RETURNING s.secret_id
