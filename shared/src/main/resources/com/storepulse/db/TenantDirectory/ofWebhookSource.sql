SELECT storepulse_tenant_of_webhook_source(:id)
