-- Row-level security, part 2 of 2 (docs/architecture.md "Row-level security"): every
-- tenant-owned table shows and accepts only the rows of the tenant the transaction names in
-- storepulse.tenant_id (com.storepulse.db.TenantScope); with none set, none. The owner role (the
-- migrations', table owner, no FORCE) is not subject to it; storepulse_app (V20) is. Apply it only
-- once the code that names its tenant (deployed with V20's functions) runs everywhere.

-- Tables keyed by tenant_id.
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant USING (tenant_id = storepulse_tenant());
ALTER TABLE store ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON store USING (tenant_id = storepulse_tenant());
ALTER TABLE api_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_key USING (tenant_id = storepulse_tenant());
ALTER TABLE webhook_source ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_source USING (tenant_id = storepulse_tenant());
ALTER TABLE sync_source ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_source USING (tenant_id = storepulse_tenant());
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log USING (tenant_id = storepulse_tenant());
-- An admin action that concerns no tenant (an alert silence, a key revoked by id) is still recorded.
CREATE POLICY untenanted_admin_action ON audit_log FOR INSERT
    WITH CHECK (actor_kind = 'admin' AND tenant_id IS NULL AND store_id IS NULL);

-- Tables keyed by store_id: the tenant's stores, collected once per statement (an uncorrelated
-- IN sub-select is a hashed sub-plan), then a hash probe per row (V20's storepulse_protect_store_table
-- says why not ANY (ARRAY(...))). No tenant column is added to the customer tables: the store list
-- of a tenant is a handful of rows, and the customer API's statements already name the store.
SELECT storepulse_protect_store_table(t::regclass)
FROM unnest(ARRAY['dim_customer', 'fact_order', 'model_fit', 'customer_score', 'customer_score_retired',
                  'customer_score_retired_partition', 'score_pending', 'store_last_order_rollup',
                  'store_live_customers', 'store_score_rollup', 'store_scoring_state', 'customer_erasure',
                  'customer_suppression', 'webhook_event', 'sync_run']) AS t;

-- A partition is a table of its own: read through customer_score, the parent's policy applies, but
-- read by its name (a pinned walk's kept partition) only its own. Every store partition, the
-- default partition and every kept partition gets the same policy; a rescoring protects each
-- partition it swaps in (V20's storepulse_score_swap_in).
SELECT storepulse_protect_score_table(c.oid::regclass)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind = 'r'
  AND (c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'customer_score'::regclass)
       OR c.relname ~ '^customer_score_p[0-9]+_r[0-9]+$');

-- Tables keyed through a parent row of the tenant.
ALTER TABLE api_key_usage_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_key_usage_daily USING (api_key_id = ANY (ARRAY(
    SELECT k.api_key_id FROM api_key k WHERE k.tenant_id = storepulse_tenant())));
ALTER TABLE webhook_secret ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_secret USING (source_id = ANY (ARRAY(
    SELECT w.source_id FROM webhook_source w WHERE w.tenant_id = storepulse_tenant())));
ALTER TABLE sync_cursor ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_cursor USING (sync_source_id = ANY (ARRAY(
    SELECT s.sync_source_id FROM sync_source s WHERE s.tenant_id = storepulse_tenant())));
ALTER TABLE sync_run_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_run_table USING (EXISTS (
    SELECT 1 FROM sync_run r WHERE r.sync_run_id = sync_run_table.sync_run_id));

