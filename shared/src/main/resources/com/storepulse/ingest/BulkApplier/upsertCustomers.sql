-- The staged customers as the source holds them: a row is written only when it differs from what
-- the star schema has, so re-applying a batch (a run resumed after a crash) writes nothing. A
-- customer deleted at the source is kept as a tombstone deleted at its modified-at time.
INSERT INTO dim_customer AS c (store_id, external_id, email, first_name, last_name, signed_up_at,
                               source_updated_at, deleted_at)
SELECT :storeId, s.external_id, s.email, s.first_name, s.last_name, s.signed_up_at, s.source_updated_at,
       CASE WHEN s.is_deleted THEN COALESCE(s.source_updated_at, now()) END
FROM stage_customer s
ON CONFLICT (store_id, external_id) DO UPDATE
SET email             = EXCLUDED.email,
    first_name        = EXCLUDED.first_name,
    last_name         = EXCLUDED.last_name,
    signed_up_at      = EXCLUDED.signed_up_at,
    source_updated_at = EXCLUDED.source_updated_at,
    deleted_at        = EXCLUDED.deleted_at,
    updated_at        = now()
WHERE (c.email, c.first_name, c.last_name, c.signed_up_at, c.source_updated_at, c.deleted_at)
      IS DISTINCT FROM
      (EXCLUDED.email, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.signed_up_at,
       EXCLUDED.source_updated_at, EXCLUDED.deleted_at)
RETURNING c.customer_id, c.external_id, c.deleted_at IS NOT NULL AS deleted
