-- The surrogate id of a live customer from the retailer's id. Runs on every detail request,
-- cache hits included (it is what makes a soft delete visible at once), so it is an index-only
-- scan of V5's partial dim_customer_live_external_search_idx: the lower() condition picks the
-- index entry, the exact external_id (an INCLUDE column) decides, and "live" is the index's own
-- predicate, so no heap page is read (the V1 unique index needed one for deleted_at).
SELECT customer_id
FROM dim_customer
WHERE store_id = :storeId
  AND lower(external_id) = lower(:externalId)
  AND external_id = :externalId
  AND deleted_at IS NULL
