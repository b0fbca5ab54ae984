SELECT sync_source_id FROM sync_source WHERE paused_at IS NULL AND deleted_at IS NULL ORDER BY sync_source_id
