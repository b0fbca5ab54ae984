-- A committed batch's counts, in the batch's own transaction.
WITH run AS (
    UPDATE sync_run
    SET heartbeat_at = :now,
        batches = batches + 1,
        newest_change_at = GREATEST(newest_change_at, :newestChangeAt)
    WHERE sync_run_id = :runId
    RETURNING sync_run_id
)
INSERT INTO sync_run_table AS t (sync_run_id, source_table, rows_read, rows_written, rows_deleted)
SELECT sync_run_id, :sourceTable, :read, :written, :deleted FROM run
ON CONFLICT (sync_run_id, source_table) DO UPDATE
SET rows_read    = t.rows_read + EXCLUDED.rows_read,
    rows_written = t.rows_written + EXCLUDED.rows_written,
    rows_deleted = t.rows_deleted + EXCLUDED.rows_deleted
