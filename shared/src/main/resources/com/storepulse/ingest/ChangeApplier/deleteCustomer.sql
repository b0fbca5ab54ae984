-- A soft delete, written only over an older version. A customer never seen is inserted deleted (a
-- tombstone), so an older create that arrives later does not bring it back.
INSERT INTO dim_customer AS c (store_id, external_id, source_updated_at, deleted_at)
VALUES (:storeId, :externalId, :version, :deletedAt)
ON CONFLICT (store_id, external_id) DO UPDATE
SET deleted_at        = EXCLUDED.deleted_at,
    source_updated_at = EXCLUDED.source_updated_at,
    updated_at        = now()
WHERE c.source_updated_at IS NULL OR c.source_updated_at < EXCLUDED.source_updated_at
RETURNING customer_id
