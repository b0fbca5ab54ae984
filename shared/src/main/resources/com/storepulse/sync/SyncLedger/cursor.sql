SELECT cursor_value, last_key, newest_change_at, reconciled_at
FROM sync_cursor
WHERE sync_source_id = :sourceId AND source_table = :sourceTable
