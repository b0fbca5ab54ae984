INSERT INTO sync_run (sync_source_id, store_id, mode, status, started_at, heartbeat_at)
VALUES (:sourceId, :storeId, :mode, 'running', :now, :now)
RETURNING sync_run_id
