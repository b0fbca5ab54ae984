INSERT INTO store (tenant_id, name, currency, timezone)
VALUES (:tenantId, :name, :currency, :timezone)
RETURNING store_id
