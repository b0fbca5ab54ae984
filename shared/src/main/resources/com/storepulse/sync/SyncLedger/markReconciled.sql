INSERT INTO sync_cursor AS c (sync_source_id, source_table, reconciled_at, updated_at)
VALUES (:sourceId, :sourceTable, :now, :now)
ON CONFLICT (sync_source_id, source_table) DO UPDATE
SET reconciled_at = EXCLUDED.reconciled_at, updated_at = EXCLUDED.updated_at
