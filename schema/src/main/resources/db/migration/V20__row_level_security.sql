-- Row-level security, part 1 of 2 (docs/architecture.md "Row-level security"): the application
-- role, its grants, and the owner's functions the application calls where it does not know the
-- tenant yet. Additive: the running code keeps working. Deploy the code that names its tenant
-- next, then V21, which switches row-level security on (docs/deploy.md, "Migrations").
--
-- Two roles. The role that runs the migrations owns every table (the owner role; its URL is the
-- secret database-owner-url of docs/deploy.md, given to no function) and is not subject to V21's
-- policies, as no table owner is without FORCE; it runs migrations and operator tasks, and the
-- DDL of full rescorings through the functions below. storepulse_app is the functions' login role
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
-- tenant's stores, collected once per statement (an uncorrelated IN sub-select is a hashed
-- sub-plan), then a hash probe per row. Not store_id = ANY (ARRAY(...)): the planner estimates
-- that at 10 / (the number of stores) of the rows, on top of the statement's own store condition,
-- so it took a store's 10,000 rows for a few hundred and chose a parallel plan for a first page of
-- 51 (7 ms, nearly all of it starting the worker); an IN sub-plan it estimates at one half,
-- whatever the number of stores (docs/architecture.md, "Row-level security"). No tenant column
-- is added to the customer tables: a tenant's store list is a handful of rows, and the customer
-- API's statements already name the store. Here in V20 because a rescoring protects every
-- partition it swaps in (storepulse_score_swap_in), and that code runs before V21 is applied.
CREATE FUNCTION storepulse_protect_store_table(target regclass) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = target AND polname = 'tenant_isolation') THEN
        EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (store_id IN ('
                       'SELECT s.store_id FROM store s WHERE s.tenant_id = storepulse_tenant()))', target);
    END IF;
END
$$;

-- A partition is a table of its own: read through customer_score, the parent's policy applies, but
-- read by its name (a pinned walk's kept partition) only its own. V21 protects every store
-- partition, the default and every kept partition; a rescoring its new partition as it swaps it in
-- (storepulse_score_swap_in below).
CREATE FUNCTION storepulse_protect_score_table(target regclass) RETURNS void
    LANGUAGE sql AS
$$ SELECT storepulse_protect_store_table(target) $$;

REVOKE ALL ON FUNCTION storepulse_protect_store_table(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION storepulse_protect_score_table(regclass) FROM PUBLIC;

-- A full rescoring (scoring's StorePartitionLoad, docs/scoring.md) loads a store's new scores into
-- a table of their own and swaps it in for the store's partition of customer_score. Creating,
-- indexing, analysing, detaching, renaming, attaching and dropping those tables is DDL, which only
-- the owner may do; the application role runs a rescoring through these functions, one step each,
-- for one store, and only for a store of the tenant its transaction names (a session of the owner,
-- an operator's rescoring, need not name one). Every table name is made here from the store's id
-- (and a version): customer_score_p<store> (its partition), customer_score_p<store>_load (the new
-- scores), customer_score_p<store>_r<version> (a former partition kept for pinned walks).
--
-- The load table is the owner's and grants the application nothing until it becomes the store's
-- partition, and it has no row-level security until then (COPY refuses a table with row-level
-- security to a role subject to it). The application writes it only between
-- storepulse_score_load_open and storepulse_score_load_close in one transaction: the INSERT right
-- the first grants the second revokes before the transaction commits, so no other session ever
-- sees it.
CREATE FUNCTION storepulse_score_store_check(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
BEGIN
    IF pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'customer_score'::regclass), 'USAGE') THEN
        RETURN; -- the owner's own session (migrations, an operator's rescoring)
    END IF;
    IF NOT EXISTS (SELECT 1 FROM store s WHERE s.store_id = target_store_id AND s.tenant_id = storepulse_tenant()) THEN
        RAISE EXCEPTION 'store % is not a store of the tenant this transaction names', target_store_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION storepulse_score_store_check(bigint) FROM PUBLIC;

-- Drops a load table a failed run left and creates an empty one, like customer_score.
CREATE FUNCTION storepulse_score_load_create(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    load_table text := 'customer_score_p' || target_store_id || '_load';
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('DROP TABLE IF EXISTS %I', load_table);
    EXECUTE format('CREATE TABLE %I (LIKE customer_score INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'CONSTRAINT customer_score_partition_store CHECK (store_id = %s))', load_table, target_store_id);
    -- the default privileges above gave the application its row rights: not before the swap
    EXECUTE format('REVOKE ALL ON %I FROM storepulse_app', load_table);
END
$$;

-- Empties the load table (in the transaction of the COPY that follows, which may then FREEZE) and
-- lets the application insert into it until storepulse_score_load_close, in the same transaction.
CREATE FUNCTION storepulse_score_load_open(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    load_table text := 'customer_score_p' || target_store_id || '_load';
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('TRUNCATE %I', load_table);
    EXECUTE format('GRANT INSERT ON %I TO storepulse_app', load_table);
END
$$;

CREATE FUNCTION storepulse_score_load_close(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('REVOKE INSERT ON %I FROM storepulse_app', 'customer_score_p' || target_store_id || '_load');
END
$$;

-- The primary key and every index of customer_score, as DDL for the store's load table, heaviest
-- first (the caller builds them side by side); the only statements storepulse_score_load_build runs.
CREATE FUNCTION storepulse_score_load_indexes(target_store_id bigint) RETURNS TABLE (ddl text, weight integer)
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS
$$
SELECT 'ALTER TABLE ' || quote_ident('customer_score_p' || target_store_id || '_load') || ' ADD '
           || pg_get_constraintdef(c.oid), 2
FROM pg_constraint c
WHERE c.conrelid = 'customer_score'::regclass AND c.contype IN ('p', 'u')
UNION ALL
SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ ',
                      'CREATE \1INDEX ON ' || quote_ident('customer_score_p' || target_store_id || '_load') || ' '),
       i.indnkeyatts::integer
FROM pg_index i
WHERE i.indrelid = 'customer_score'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
$$;

CREATE FUNCTION storepulse_score_load_build(target_store_id bigint, index_ddl text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    IF NOT EXISTS (SELECT 1 FROM storepulse_score_load_indexes(target_store_id) i WHERE i.ddl = index_ddl) THEN
        RAISE EXCEPTION 'not an index of the load table of store %', target_store_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE index_ddl;
END
$$;

CREATE FUNCTION storepulse_score_load_analyze(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('ANALYZE %I', 'customer_score_p' || target_store_id || '_load');
END
$$;

CREATE FUNCTION storepulse_score_load_drop(target_store_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('DROP TABLE IF EXISTS %I', 'customer_score_p' || target_store_id || '_load');
END
$$;

-- The swap's first half: the store's current partition, if it has one, detached and kept as the
-- partition of the versions before retired_version. True if there was one.
CREATE FUNCTION storepulse_score_swap_out(target_store_id bigint, retired_version bigint) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    partition_table text := 'customer_score_p' || target_store_id;
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    IF NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = 'customer_score'::regclass AND c.relname = partition_table) THEN
        RETURN false;
    END IF;
    EXECUTE format('ALTER TABLE customer_score DETACH PARTITION %I', partition_table);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', partition_table, partition_table || '_r' || retired_version);
    RETURN true;
END
$$;

-- The swap's second half: the load table loses the rows of customers deleted since it was read
-- (the caller holds dim_customer locked against new deletes), gets the partitions' row-level
-- security and the application's row rights, and becomes the store's partition. Returns how many
-- rows it lost.
CREATE FUNCTION storepulse_score_swap_in(target_store_id bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    load_table text := 'customer_score_p' || target_store_id || '_load';
    partition_table text := 'customer_score_p' || target_store_id;
    gone integer;
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    EXECUTE format('DELETE FROM %I l WHERE NOT EXISTS (SELECT 1 FROM dim_customer c '
                   'WHERE c.customer_id = l.customer_id AND c.store_id = $1 AND c.deleted_at IS NULL)', load_table)
        USING target_store_id;
    GET DIAGNOSTICS gone = ROW_COUNT;
    PERFORM storepulse_protect_score_table(load_table::regclass);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO storepulse_app', load_table);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', load_table, partition_table);
    EXECUTE format('ALTER TABLE customer_score ATTACH PARTITION %I FOR VALUES IN (%s)', partition_table, target_store_id);
    RETURN gone;
END
$$;

-- A kept partition past its retention: dropped only once its registration is gone (the caller
-- deletes the expired registrations first, in the same transaction).
CREATE FUNCTION storepulse_score_kept_drop(target_store_id bigint, retired_version bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    PERFORM storepulse_score_store_check(target_store_id);
    IF EXISTS (SELECT 1 FROM customer_score_retired_partition r
               WHERE r.store_id = target_store_id AND r.retired_version = storepulse_score_kept_drop.retired_version) THEN
        RAISE EXCEPTION 'the kept partition of store % retired at % is still registered', target_store_id, retired_version
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS %I', 'customer_score_p' || target_store_id || '_r' || retired_version);
END
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['storepulse_score_load_create(bigint)', 'storepulse_score_load_open(bigint)',
                             'storepulse_score_load_close(bigint)', 'storepulse_score_load_indexes(bigint)',
                             'storepulse_score_load_build(bigint, text)', 'storepulse_score_load_analyze(bigint)',
                             'storepulse_score_load_drop(bigint)', 'storepulse_score_swap_out(bigint, bigint)',
                             'storepulse_score_swap_in(bigint)', 'storepulse_score_kept_drop(bigint, bigint)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO storepulse_app', f);
    END LOOP;
END
$$;

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
