-- An order or return, written only over an older version (or a row with none). Returns the order's
-- id when it wrote, nothing when the row already holds this version or a newer one.
INSERT INTO fact_order AS o (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency,
                             source_updated_at)
VALUES (:storeId, :externalId, :customerId, to_char(CAST(:orderedAt AS timestamptz) AT TIME ZONE 'UTC', 'YYYYMMDD')::integer,
        :orderedAt, :kind, :amount, :currency, :version)
ON CONFLICT (store_id, external_id) DO UPDATE
SET customer_id       = EXCLUDED.customer_id,
    date_key          = EXCLUDED.date_key,
    ordered_at        = EXCLUDED.ordered_at,
    kind              = EXCLUDED.kind,
    amount            = EXCLUDED.amount,
    currency          = EXCLUDED.currency,
    source_updated_at = EXCLUDED.source_updated_at,
    updated_at        = now()
WHERE o.source_updated_at IS NULL OR o.source_updated_at < EXCLUDED.source_updated_at
RETURNING order_id
