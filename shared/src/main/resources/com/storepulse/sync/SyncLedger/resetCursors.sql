-- A FULL run: read every row again and compare every key, from this run on (a FULL run that is
-- cut short continues from its own committed batches, not from the start again).
UPDATE sync_cursor
SET cursor_value = NULL, last_key = NULL, reconciled_at = NULL, updated_at = now()
WHERE sync_source_id = :sourceId
