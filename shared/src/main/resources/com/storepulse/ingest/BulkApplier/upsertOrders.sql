-- The staged orders as the source holds them, written only where they differ (re-applying a batch
-- writes nothing). Amounts are rounded to cents (the store currency's precision) and returns are
-- negative whatever sign the source gave them. An order deleted at the source stays as a tombstone
-- (deleted_at); scoring, totals and lists skip it. Returns, per written order, its customer now and
-- before, so both customers' totals are refreshed, and whether it is new (xmax = 0: the row was
-- inserted, not updated by the ON CONFLICT branch, which leaves this transaction's lock in xmax)
-- with what counts in the totals, so a customer who only gained new orders gets them added to
-- his totals instead of recounting all his orders (BulkApplier.applyOrders). Each staged row finds its customer and its
-- earlier version through an index (scalar subqueries): the staging table has no statistics, and a
-- join could be planned as a hash over the whole store, work that grows with the store.
WITH staged AS (
    SELECT s.*,
           (SELECT c.customer_id FROM dim_customer c
            WHERE c.store_id = :storeId AND c.external_id = s.customer_external_id) AS customer_id,
           (SELECT o.customer_id FROM fact_order o
            WHERE o.store_id = :storeId AND o.external_id = s.external_id) AS previous_customer_id
    FROM stage_order s
), written AS (
    INSERT INTO fact_order AS o (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency,
                                 source_updated_at, deleted_at)
    SELECT :storeId, s.external_id, s.customer_id,
           to_char(s.ordered_at AT TIME ZONE 'UTC', 'YYYYMMDD')::integer, s.ordered_at, s.kind,
           CASE WHEN s.kind = 'return' THEN -abs(round(s.amount, 2)) ELSE round(s.amount, 2) END,
           s.currency, s.source_updated_at,
           CASE WHEN s.is_deleted THEN COALESCE(s.source_updated_at, now()) END
    FROM staged s
    WHERE s.customer_id IS NOT NULL
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
    RETURNING o.external_id, o.customer_id, o.deleted_at IS NOT NULL AS deleted, o.xmax = 0 AS inserted,
              o.kind, o.amount * o.fx_rate_to_store AS store_amount, o.ordered_at
)
SELECT w.customer_id, s.customer_external_id AS external_id, w.deleted, w.inserted, w.kind, w.store_amount,
       w.ordered_at,
       s.previous_customer_id,
       (SELECT pc.external_id FROM dim_customer pc WHERE pc.customer_id = s.previous_customer_id) AS previous_external_id
FROM written w
JOIN staged s ON s.external_id = w.external_id
