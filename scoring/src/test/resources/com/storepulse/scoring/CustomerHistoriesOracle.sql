-- The test oracle for OrderHistoryReader: the SQL aggregation the scorer used before it read raw
-- order rows (same conventions: same-day orders are one purchase day, returns summed apart, only
-- live customers with at least one order), for the store :storeId up to :endKey.
WITH per_day AS (
    SELECT o.customer_id,
           o.date_key,
           sum(o.amount::float8 * o.fx_rate_to_store::float8) FILTER (WHERE o.kind = 'order')   AS spend,
           -sum(o.amount::float8 * o.fx_rate_to_store::float8) FILTER (WHERE o.kind = 'return') AS returned,
           max(o.ordered_at) FILTER (WHERE o.kind = 'order')                    AS last_order_at
    FROM fact_order o
    JOIN dim_customer c ON c.customer_id = o.customer_id AND c.deleted_at IS NULL
    WHERE o.store_id = :storeId
      AND o.date_key <= :endKey

    GROUP BY o.customer_id, o.date_key
), with_first AS (
    SELECT d.*, min(d.date_key) FILTER (WHERE d.spend IS NOT NULL) OVER (PARTITION BY d.customer_id) AS first_key
    FROM per_day d
)
SELECT customer_id,
       count(*) FILTER (WHERE spend IS NOT NULL)                             AS purchase_days,
       min(first_key)                                                        AS first_key,
       max(date_key) FILTER (WHERE spend IS NOT NULL)                        AS last_key,
       coalesce(sum(spend), 0)                                               AS total_spend,
       coalesce(sum(spend) FILTER (WHERE date_key > first_key), 0)           AS repeat_spend,
       coalesce(sum(returned), 0)                                            AS returned_amount,
       max(last_order_at)                                                    AS last_order_at
FROM with_first
GROUP BY customer_id
HAVING count(*) FILTER (WHERE spend IS NOT NULL) > 0
ORDER BY customer_id
