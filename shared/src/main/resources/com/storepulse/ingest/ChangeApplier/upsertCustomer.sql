-- A customer create or update, written only over an older version (or a row with none). Returns
-- the customer's id when it wrote, nothing when the row already holds this version or a newer one.
INSERT INTO dim_customer AS c (store_id, external_id, email, first_name, last_name, signed_up_at, source_updated_at)
VALUES (:storeId, :externalId, :email, :firstName, :lastName, :createdAt, :version)
ON CONFLICT (store_id, external_id) DO UPDATE
SET email             = EXCLUDED.email,
    first_name        = EXCLUDED.first_name,
    last_name         = EXCLUDED.last_name,
    signed_up_at      = COALESCE(EXCLUDED.signed_up_at, c.signed_up_at),
    source_updated_at = EXCLUDED.source_updated_at,
    deleted_at        = NULL,
    updated_at        = now()
WHERE c.source_updated_at IS NULL OR c.source_updated_at < EXCLUDED.source_updated_at
RETURNING customer_id
