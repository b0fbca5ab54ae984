-- The stores of a tenant that a key may read (all of them when :everyStore), with live and
-- scored customer counts, each counted from an index alone (V4: dim_customer_store_live_idx,
-- customer_score_store_aggregates_idx).
SELECT st.store_id, st.name, st.currency, st.timezone, st.created_at,
       (SELECT count(*) FROM dim_customer c WHERE c.store_id = st.store_id AND c.deleted_at IS NULL) AS customers,
       (SELECT count(*) FROM customer_score s WHERE s.store_id = st.store_id) AS scored_customers
FROM store st
WHERE st.tenant_id = :tenantId
  AND (:everyStore OR st.store_id = ANY(:allowedStoreIds))
ORDER BY st.store_id
