-- GET /v1/stores when no store's counts are cached: every store of the tenant with its live and
-- scored customers (readableStores.sql + customerCounts.sql per store). -D tenant=
SELECT st.store_id, st.name, st.currency, st.timezone, st.created_at,
       (SELECT count(*) FROM dim_customer c WHERE c.store_id = st.store_id AND c.deleted_at IS NULL) AS customers,
       (SELECT coalesce(sum(r.customers), 0) FROM store_score_rollup r WHERE r.store_id = st.store_id) AS scored_customers
FROM store st WHERE st.tenant_id = :tenant ORDER BY st.store_id;
