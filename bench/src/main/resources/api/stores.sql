-- GET /v1/stores when no store's counts are cached: every store of the tenant with its live and
-- scored customers (readableStores.sql + customerCounts.sql per store). -D tenant=
SELECT st.store_id, st.name, st.currency, st.timezone, st.created_at,
       coalesce((SELECT l.customers FROM store_live_customers l WHERE l.store_id = st.store_id), 0) AS customers,
       (SELECT coalesce(sum(r.customers), 0) FROM store_score_rollup r WHERE r.store_id = st.store_id) AS scored_customers
FROM store st WHERE st.tenant_id = :tenant ORDER BY st.store_id;
