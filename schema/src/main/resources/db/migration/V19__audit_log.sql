-- Audit log, version 19 (docs/privacy.md "Audit log"): who did what, when, for the actions an
-- operator or a retailer must be able to account for: admin actions (tenants, stores, API keys,
-- webhook and sync sources, alert silences), erasures and exports of a customer.
--
-- Append-only: a row is never changed or removed. The triggers refuse UPDATE, DELETE and TRUNCATE
-- for every role; only the table's owner can switch them off (ALTER TABLE ... DISABLE TRIGGER), so
-- once the functions connect as a role that does not own the tables (the row-level security work's
-- separate owner role) the application cannot rewrite its own history. Until then the functions'
-- own code never issues either statement, and the refusal shows in the tests.
--
-- What a row holds is ids and outcomes, never personal data or a secret: the actor (the admin key,
-- or a tenant key's id and public prefix), the source IP of the request, the tenant and store, the
-- action (a route template such as POST /v1/admin/tenants/{tenantId}/api-keys, or customer.erase),
-- the ids it was about (path ids, ids the answer created, an erasure's id and the customer's keyed
-- hash), the outcome, and the request's correlation id.

CREATE TABLE audit_log (
    audit_id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_kind        text        NOT NULL CHECK (actor_kind IN ('admin', 'api_key')),
    actor_key_id      bigint,
    actor_key_prefix  text,
    source_ip         text,
    tenant_id         bigint,
    store_id          bigint,
    action            text        NOT NULL CHECK (length(action) BETWEEN 1 AND 200),
    target            jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(target) = 'object'),
    outcome           text        NOT NULL,
    correlation_id    text,
    CONSTRAINT audit_log_key_actor CHECK (actor_kind = 'admin' OR actor_key_id IS NOT NULL)
);
-- A tenant's history (and a store's within it), newest last; everything by time.
CREATE INDEX audit_log_tenant_time_idx ON audit_log (tenant_id, occurred_at);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
