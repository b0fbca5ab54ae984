-- Orders no longer in the source (found by the key reconciliation): soft-deleted now; returns the
-- customers whose totals change.
WITH gone AS (
    UPDATE fact_order
    SET deleted_at = :at, updated_at = now()
    WHERE store_id = :storeId AND external_id = ANY(:externalIds) AND deleted_at IS NULL
    RETURNING customer_id
)
SELECT g.customer_id, c.external_id FROM gone g JOIN dim_customer c ON c.customer_id = g.customer_id
