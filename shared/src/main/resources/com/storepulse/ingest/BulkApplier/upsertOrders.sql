-- The staged orders as the source holds them, written only where they differ (re-applying a batch
-- writes nothing). Amounts are rounded to cents (the store currency's precision) and returns are
-- negative whatever sign the source gave them. An order deleted at the source stays as a tombstone
-- (deleted_at); scoring, totals and lists skip it. Returns, per written order, its customer now and
-- before, so both customers' totals are refreshed.
WITH previous AS (
    SELECT o.order_id, o.customer_id
    FROM fact_order o JOIN stage_order s ON o.store_id = :storeId AND o.external_id = s.external_id
), written AS (
    INSERT INTO fact_order AS o (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency,
                                 source_updated_at, deleted_at)
    SELECT :storeId, s.external_id, c.customer_id,
           to_char(s.ordered_at AT TIME ZONE 'UTC', 'YYYYMMDD')::integer, s.ordered_at, s.kind,
           CASE WHEN s.kind = 'return' THEN -abs(round(s.amount, 2)) ELSE round(s.amount, 2) END,
           s.currency, s.source_updated_at,
           CASE WHEN s.is_deleted THEN COALESCE(s.source_updated_at, now()) END
    FROM stage_order s
    JOIN dim_customer c ON c.store_id = :storeId AND c.external_id = s.customer_external_id
    ON CONFLICT (store_id, external_id) DO UPDATE
    SET customer_id       = EXCLUDED.customer_id,
        date_key          = EXCLUDED.date_key,
        ordered_at        = EXCLUDED.ordered_at,
        kind              = EXCLUDED.kind,
        amount            = EXCLUDED.amount,
        currency          = EXCLUDED.currency,
        source_updated_at = EXCLUDED.source_updated_at,
        deleted_at        = EXCLUDED.deleted_at,
        updated_at        = now()
    WHERE (o.customer_id, o.ordered_at, o.kind, o.amount, o.currency, o.source_updated_at, o.deleted_at)
          IS DISTINCT FROM
          (EXCLUDED.customer_id, EXCLUDED.ordered_at, EXCLUDED.kind, EXCLUDED.amount, EXCLUDED.currency,
           EXCLUDED.source_updated_at, EXCLUDED.deleted_at)
    RETURNING o.order_id, o.customer_id, o.deleted_at IS NOT NULL AS deleted
)
SELECT w.customer_id, c.external_id, w.deleted, p.customer_id AS previous_customer_id, pc.external_id AS previous_external_id
FROM written w
JOIN dim_customer c ON c.customer_id = w.customer_id
LEFT JOIN previous p ON p.order_id = w.order_id
LEFT JOIN dim_customer pc ON pc.customer_id = p.customer_id
