-- The store's score version and the version that loaded its current partition (0 and 0 for a store
-- never rescored since V10). Read under the store's scoring lock: no other run can bump it.
SELECT coalesce(max(score_version), 0) AS score_version, coalesce(max(partition_version), 0) AS partition_version
FROM store_scoring_state
WHERE store_id = :storeId
