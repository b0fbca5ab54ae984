-- A sync cursor whose last row read was this customer holds their id as its key: the cursor goes
-- back to the table's start, so the next run reads the table again (replays write nothing; the
-- erased row is skipped) instead of keeping the id.
UPDATE sync_cursor c
SET cursor_value = NULL,
    last_key     = NULL,
    updated_at   = now()
FROM sync_source s
WHERE s.sync_source_id = c.sync_source_id
  AND s.store_id = :storeId
  AND c.source_table = 'customers'
  AND c.last_key = :externalId
