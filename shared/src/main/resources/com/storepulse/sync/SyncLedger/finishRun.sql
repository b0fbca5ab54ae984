UPDATE sync_run
SET status = :status, finished_at = :now, heartbeat_at = :now, error = :error,
    lag_seconds = EXTRACT(EPOCH FROM (CAST(:now AS timestamptz) - newest_change_at))
WHERE sync_run_id = :runId
RETURNING newest_change_at
