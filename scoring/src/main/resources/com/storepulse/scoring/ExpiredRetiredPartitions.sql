-- Retention: kept partitions no walk can still need; the caller drops each table in the same
-- transaction (DropKeptPartition.sql).
DELETE FROM customer_score_retired_partition
WHERE store_id = :storeId AND retired_at < now() - CAST(:retention AS interval)
RETURNING retired_version, has_table
