SELECT password_sealed IS NOT NULL FROM sync_source WHERE sync_source_id = :sourceId
