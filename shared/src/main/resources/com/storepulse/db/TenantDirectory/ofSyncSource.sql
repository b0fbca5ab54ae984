SELECT storepulse_tenant_of_sync_source(:id)
