SELECT storepulse_tenant_of_api_key(:id)
