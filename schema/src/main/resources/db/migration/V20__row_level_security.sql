-- Row-level security, part 1 of 2 (docs/architecture.md "Row-level security"): the application
-- role, its grants, and the owner's functions the application calls where it does not know the
-- tenant yet. Additive: the running code keeps working. Deploy the code that names its tenant
-- next, then V21, which switches row-level security on (docs/deploy.md, "Migrations").
--
-- Two roles. The role that runs the migrations owns every table (the owner role; its URL is the
-- secret database-owner-url of docs/deploy.md, given to no function) and is not subject to V21's
-- policies, as no table owner is without FORCE; it runs migrations, full rescorings (their
-- partition swaps are DDL) and operator tasks. storepulse_app is the functions' login role
-- (DATABASE_URL): no superuser, no BYPASSRLS, owns nothing, may only read and write rows, and once
-- V21 is applied sees and changes only the rows of the tenant its connection names in the setting
-- storepulse.tenant_id (com.storepulse.db.TenantScope sets it at every connection checkout). With
-- no tenant set it sees nothing and can write nothing in a tenant-owned table.
--
-- The role is created here when missing (the migration role needs CREATEROLE; an operator may
-- create it beforehand instead, with a password or IAM authentication: docs/deploy.md). Roles are
-- per server, so several databases on one server (the tests') share it; concurrent migrations may
-- both try to create it, hence the tolerated duplicate.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'storepulse_app') THEN
        CREATE ROLE storepulse_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created meanwhile by another database's migration
END
$$;

GRANT USAGE ON SCHEMA public TO storepulse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO storepulse_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO storepulse_app;
-- Tables the owner creates later (a store's score partition, a kept partition) are readable too;
-- their rows are guarded by storepulse_protect_score_table below.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO storepulse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO storepulse_app;
-- The migration history is the owner's alone.
DO $$
BEGIN
    IF to_regclass('flyway_schema_history') IS NOT NULL THEN
        REVOKE ALL ON flyway_schema_history FROM storepulse_app;
    END IF;
END
$$;
-- The audit log is append-only for the application: it may add a record, never read one back.
REVOKE SELECT, UPDATE, DELETE ON audit_log FROM storepulse_app;

-- The transaction's tenant: NULL when none is set (never set in the session, or set to '').
-- Inlined into every policy; a comparison with NULL is never true, so no tenant sees no row.
CREATE FUNCTION storepulse_tenant() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('storepulse.tenant_id', true), '')::bigint $$;

-- Look-ups that come before the tenant is known: each is one fixed statement that runs as the
-- owner (SECURITY DEFINER) and answers no more than the caller already has in hand.
--
-- The API key of a public prefix: authentication needs the row (its hash, tenant, scopes) to learn
-- the tenant at all. The caller holds the full key; the hash comparison happens in the application.
CREATE FUNCTION storepulse_api_key_by_prefix(key_prefix text)
    RETURNS TABLE (api_key_id bigint, tenant_id bigint, prefix text, key_hash bytea, name text, scopes text[],
                   allowed_store_ids bigint[], rate_limit_per_minute integer, rate_limit_burst integer,
                   created_at timestamptz, revoked_at timestamptz, expires_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
SELECT k.api_key_id, k.tenant_id, k.prefix, k.key_hash, k.name, k.scopes, k.allowed_store_ids,
       k.rate_limit_per_minute, k.rate_limit_burst, k.created_at, k.revoked_at, k.expires_at
FROM api_key k
WHERE k.prefix = key_prefix
$$;
REVOKE ALL ON FUNCTION storepulse_api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_api_key_by_prefix(text) TO storepulse_app;

-- The tenant that owns a store: for work that starts from a store id (a rescoring, a sweep).
CREATE FUNCTION storepulse_tenant_of_store(target_store_id bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT s.tenant_id FROM store s WHERE s.store_id = target_store_id $$;
REVOKE ALL ON FUNCTION storepulse_tenant_of_store(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_tenant_of_store(bigint) TO storepulse_app;

-- The tenant of an API key: the admin route that revokes a key by its id runs as that tenant.
CREATE FUNCTION storepulse_tenant_of_api_key(target_api_key_id bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT k.tenant_id FROM api_key k WHERE k.api_key_id = target_api_key_id $$;
REVOKE ALL ON FUNCTION storepulse_tenant_of_api_key(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_tenant_of_api_key(bigint) TO storepulse_app;

-- Row-level security for a table keyed by store_id (V21 applies it to every such table): the
-- tenant's stores, collected once per statement (an uncorrelated ARRAY sub-select is an init
-- plan), then a cheap membership test per row that an index on store_id can use. No tenant column
-- is added to the customer tables: a tenant's store list is a handful of rows, and the customer
-- API's statements already name the store. Here in V20 because a rescoring protects every load
-- table it creates (scoring's ProtectLoadTable.sql), and that code runs before V21 is applied.
CREATE FUNCTION storepulse_protect_store_table(target regclass) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = target AND polname = 'tenant_isolation') THEN
        EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (store_id = ANY (ARRAY('
                       'SELECT s.store_id FROM store s WHERE s.tenant_id = storepulse_tenant())))', target);
    END IF;
END
$$;

-- A partition is a table of its own: read through customer_score, the parent's policy applies, but
-- read by its name (a pinned walk's kept partition) only its own. V21 protects every store
-- partition, the default and every kept partition; a rescoring each load table it creates.
CREATE FUNCTION storepulse_protect_score_table(target regclass) RETURNS void
    LANGUAGE sql AS
$$ SELECT storepulse_protect_store_table(target) $$;

REVOKE ALL ON FUNCTION storepulse_protect_store_table(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION storepulse_protect_score_table(regclass) FROM PUBLIC;

-- The tenant of a webhook source: the intake knows only the source id of the URL it was called at.
CREATE FUNCTION storepulse_tenant_of_webhook_source(target_source_id text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT w.tenant_id FROM webhook_source w WHERE w.source_id = target_source_id $$;
REVOKE ALL ON FUNCTION storepulse_tenant_of_webhook_source(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_tenant_of_webhook_source(text) TO storepulse_app;

-- The tenant of a sync source: a sync run starts from the source id of its queue message.
CREATE FUNCTION storepulse_tenant_of_sync_source(target_sync_source_id bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT s.tenant_id FROM sync_source s WHERE s.sync_source_id = target_sync_source_id $$;
REVOKE ALL ON FUNCTION storepulse_tenant_of_sync_source(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_tenant_of_sync_source(bigint) TO storepulse_app;

-- Every store and its tenant, ids only: the fan-outs over all tenants (the sync's and the daily
-- rescoring's ticks, the retention sweep) walk it and do each store's or tenant's work as that tenant.
CREATE FUNCTION storepulse_store_tenants() RETURNS TABLE (store_id bigint, tenant_id bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT s.store_id, s.tenant_id FROM store s ORDER BY s.store_id $$;
REVOKE ALL ON FUNCTION storepulse_store_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_store_tenants() TO storepulse_app;

-- The usage flush adds one batch of counters for the keys of every tenant in one transaction (its
-- idempotency rests on that): counters only, for keys that exist; nothing is read back.
CREATE FUNCTION storepulse_add_usage(key_ids bigint[], usage_dates date[], route_names text[], request_counts bigint[])
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
WITH added AS (
    INSERT INTO api_key_usage_daily (api_key_id, usage_date, route, request_count)
    SELECT u.api_key_id, u.usage_date, u.route, u.request_count
    FROM unnest(key_ids, usage_dates, route_names, request_counts) AS u (api_key_id, usage_date, route, request_count)
    WHERE EXISTS (SELECT 1 FROM api_key k WHERE k.api_key_id = u.api_key_id)
    ON CONFLICT (api_key_id, usage_date, route)
    DO UPDATE SET request_count = api_key_usage_daily.request_count + EXCLUDED.request_count
    RETURNING 1)
SELECT count(*)::integer FROM added
$$;
REVOKE ALL ON FUNCTION storepulse_add_usage(bigint[], date[], text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_add_usage(bigint[], date[], text[], bigint[]) TO storepulse_app;

-- The public status page's sync health: per store (numbered, never named), the last success and the
-- latest status; no tenant, store id or error text leaves the function.
CREATE FUNCTION storepulse_sync_health()
    RETURNS TABLE (ordinal bigint, last_success_at timestamptz, latest_status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
SELECT row_number() OVER (ORDER BY r.store_id) AS ordinal,
       max(r.finished_at) FILTER (WHERE r.status = 'completed') AS last_success_at,
       (array_agg(r.status ORDER BY r.started_at DESC))[1] AS latest_status
  FROM sync_run r
 WHERE r.store_id IS NOT NULL
 GROUP BY r.store_id
 ORDER BY r.store_id
 LIMIT 200
$$;
REVOKE ALL ON FUNCTION storepulse_sync_health() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storepulse_sync_health() TO storepulse_app;
