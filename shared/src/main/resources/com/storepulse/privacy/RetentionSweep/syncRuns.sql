-- A store's sync runs that started before SYNC_RUN_RETENTION, with their per-table counts, oldest
-- first, a bounded batch. Kept whatever their age: a running run, each source's latest run and its
-- latest completed run (the status page's and the lag alarm's "last success", the latest outcome).
WITH expired AS (
    SELECT r.sync_run_id
    FROM sync_run r
    WHERE r.store_id = :storeId
      AND r.status <> 'running'
      AND r.started_at < now() - CAST(:keep AS interval)
      AND r.sync_run_id <> (SELECT max(l.sync_run_id) FROM sync_run l WHERE l.sync_source_id = r.sync_source_id)
      AND r.sync_run_id IS DISTINCT FROM (SELECT max(c.sync_run_id) FROM sync_run c
                                          WHERE c.sync_source_id = r.sync_source_id AND c.status = 'completed')
    ORDER BY r.started_at
    LIMIT :batch
), tables AS (
    DELETE FROM sync_run_table t USING expired e WHERE t.sync_run_id = e.sync_run_id
    RETURNING 1
), runs AS (
    DELETE FROM sync_run r USING expired e WHERE r.sync_run_id = e.sync_run_id AND r.store_id = :storeId
    RETURNING 1
)
SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM tables) AS tables
