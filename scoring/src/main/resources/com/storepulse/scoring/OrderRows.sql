-- A store's order rows up to a day, for OrderHistoryReader, as COPY ... TO STDOUT (FORMAT binary)
-- (COPY takes no bind parameters: <storeId>, <endKey> and <customerFilter> are rendered from Java
-- numbers, never from caller text). Columns, in this order: customer_id int8, date_key int4,
-- is_return bool, amount in the store's currency float8, ordered_at timestamptz.
-- Rows come unsorted and unaggregated: a plain scan streams at ~1.5M rows/s here, where grouping
-- by (customer, day) in PostgreSQL cost 3.5 s on a quiet machine and 16-18 s under load for 3.5M
-- orders; Java groups them in ~0.3 s. Orders deleted at the source (deleted_at) are left out. Soft-deleted customers are dropped by an anti-join on
-- the store's few deleted customers (a join against all live ones doubled the time).
COPY (
    SELECT o.customer_id,
           o.date_key,
           o.kind = 'return',
           o.amount::float8 * o.fx_rate_to_store::float8,
           o.ordered_at
    FROM fact_order o
    WHERE o.store_id = <storeId>
      AND o.date_key <= <endKey>
      AND o.deleted_at IS NULL
      <customerFilter>
      AND NOT EXISTS (SELECT 1 FROM dim_customer c
                      WHERE c.customer_id = o.customer_id AND c.store_id = <storeId> AND c.deleted_at IS NOT NULL)
) TO STDOUT (FORMAT binary)
