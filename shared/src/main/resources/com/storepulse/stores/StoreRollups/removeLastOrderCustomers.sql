-- The listed customers' current rows leave store_last_order_rollup (before an incremental run
-- rewrites them); a day they empty is deleted.
WITH gone AS (
    SELECT (s.last_order_at AT TIME ZONE 'UTC')::date AS last_order_day, count(*) AS customers
    FROM customer_score s
    WHERE s.store_id = :storeId AND s.customer_id = ANY(:ids) AND s.last_order_at IS NOT NULL
    GROUP BY 1
), emptied AS (
    DELETE FROM store_last_order_rollup r
    USING gone g
    WHERE r.store_id = :storeId AND r.last_order_day = g.last_order_day AND r.customers <= g.customers
    RETURNING r.last_order_day
)
UPDATE store_last_order_rollup r
SET customers = r.customers - g.customers
FROM gone g
WHERE r.store_id = :storeId AND r.last_order_day = g.last_order_day AND r.customers > g.customers
