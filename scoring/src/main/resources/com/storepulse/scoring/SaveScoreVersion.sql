-- The run's version becomes the store's, in the transaction that wrote its rows (a full run: also
-- the version of the partition it swapped in). The state row exists: an incremental run needs one,
-- a full run has just upserted it.
UPDATE store_scoring_state
SET score_version = :version,
    partition_version = CASE WHEN :full THEN :version ELSE partition_version END
WHERE store_id = :storeId
