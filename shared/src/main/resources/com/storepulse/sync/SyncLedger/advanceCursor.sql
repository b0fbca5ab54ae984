-- Moves a table's cursor to the last row of the batch committed with it. A table's first cursor
-- counts as reconciled: nothing of this source was in the store to compare before it.
INSERT INTO sync_cursor AS c (sync_source_id, source_table, cursor_value, last_key, newest_change_at, reconciled_at,
                              updated_at)
VALUES (:sourceId, :sourceTable, :cursorValue, :lastKey, :newestChangeAt, :now, :now)
ON CONFLICT (sync_source_id, source_table) DO UPDATE
SET cursor_value     = EXCLUDED.cursor_value,
    last_key         = EXCLUDED.last_key,
    newest_change_at = GREATEST(c.newest_change_at, EXCLUDED.newest_change_at),
    updated_at       = EXCLUDED.updated_at
