-- Where the rows of score version :version are now: the store's current versions, and the
-- registered former partition that was current at :version (none if customer_score's partition
-- still is, or if it expired: ScoreVersions.RETENTION).
SELECT coalesce(st.score_version, 0) AS score_version, coalesce(st.partition_version, 0) AS partition_version,
       r.retired_version, r.has_table
FROM (SELECT :storeId AS store_id) one
LEFT JOIN store_scoring_state st ON st.store_id = one.store_id
LEFT JOIN customer_score_retired_partition r
       ON r.store_id = one.store_id AND r.first_version <= :version AND r.retired_version > :version
