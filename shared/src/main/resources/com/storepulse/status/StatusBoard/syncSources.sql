-- The public status page's sync health across every tenant's stores (numbered, never named):
-- through V20's owner function, since row-level security shows the application no tenant's runs here.
SELECT ordinal, last_success_at, latest_status FROM storepulse_sync_health()
