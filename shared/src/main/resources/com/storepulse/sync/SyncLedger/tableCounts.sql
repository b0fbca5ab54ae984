SELECT source_table, rows_read, rows_written, rows_deleted
FROM sync_run_table
WHERE sync_run_id = :runId
ORDER BY CASE source_table WHEN 'customers' THEN 0 ELSE 1 END
