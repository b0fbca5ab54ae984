-- Orders that arrived for the store after a fit's calibration end (the refit rule).
SELECT count(*)
FROM fact_order
WHERE store_id = :storeId AND kind = 'order' AND ordered_at > :since
