SELECT storepulse_tenant_of_store(:id)
