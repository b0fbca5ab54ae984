-- Orders dated after a fit's calibration end, up to the scoring time (the refit rule). Keyed on
-- ordered_at so the (store_id, ordered_at) index answers it; orders that arrive late with old
-- dates are caught by the fit-age rule instead.
SELECT count(*)
FROM fact_order
WHERE store_id = :storeId AND kind = 'order' AND ordered_at > :since AND ordered_at <= :asOf
  AND deleted_at IS NULL
