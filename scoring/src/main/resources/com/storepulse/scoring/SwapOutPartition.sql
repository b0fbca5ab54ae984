-- A full rescoring's swap, first half (V20's owner function: DDL): the store's partition, if it has
-- one, detached and kept under the name of the versions it served (customer_score_p<store>_r<version>)
-- instead of dropped: walks pinned at such a version read it by that name until
-- ScoreVersions.RETENTION has passed. No row is copied. True if the store had a partition.
SELECT storepulse_score_swap_out(:storeId, :version) AS had_partition
