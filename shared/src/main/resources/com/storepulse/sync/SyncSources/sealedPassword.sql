SELECT password_sealed FROM sync_source WHERE sync_source_id = :sourceId
