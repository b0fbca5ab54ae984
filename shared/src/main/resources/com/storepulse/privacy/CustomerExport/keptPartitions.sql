-- The store's kept former partitions (V10: customer_score_p<store>_r<version>) that still exist.
SELECT p.retired_version
FROM customer_score_retired_partition p
WHERE p.store_id = :storeId
  AND p.has_table
  AND to_regclass(format('customer_score_p%s_r%s', p.store_id, p.retired_version)) IS NOT NULL
ORDER BY p.retired_version DESC
