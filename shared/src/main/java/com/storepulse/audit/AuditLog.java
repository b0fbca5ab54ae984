package com.storepulse.audit;

import com.storepulse.json.Json;
import com.storepulse.observability.Correlation;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Appends to {@code audit_log} (V19): who did what, to what, when, with what outcome, under the
 * current request's correlation id. Append-only: the table refuses UPDATE, DELETE and TRUNCATE.
 * A caller records in the transaction of the action when it has one (an erasure), so the action
 * and its record commit together; otherwise right after it, and an action whose record fails is
 * answered as failed rather than left unrecorded (an export). {@code target} holds ids, never
 * personal data or a secret.
 */
public final class AuditLog {

    /** Erasing a customer (target: the erasure's id and the customer's keyed hash). */
    public static final String CUSTOMER_ERASE = "customer.erase";
    /** Exporting a customer (target: the customer's keyed hash). */
    public static final String CUSTOMER_EXPORT = "customer.export";

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records in a transaction of its own. */
    public void record(
            AuditActor actor, Long tenantId, Long storeId, String action, Map<String, ?> target, String outcome) {
        jdbi.useHandle(h -> record(h, actor, tenantId, storeId, action, target, outcome));
    }

    /**
     * Records in the caller's transaction {@code handle}. {@code tenantId}: the tenant the action
     * was about (null: the actor's, else the store's).
     */
    public static void record(
            Handle handle,
            AuditActor actor,
            Long tenantId,
            Long storeId,
            String action,
            Map<String, ?> target,
            String outcome) {
        handle.createUpdate(SQL.locate(AuditLog.class, "insert"))
                .bind("actorKind", actor.kind().code())
                .bind("actorKeyId", actor.apiKeyId())
                .bind("actorKeyPrefix", actor.keyPrefix())
                .bind("sourceIp", actor.sourceIp())
                .bind("tenantId", tenantId != null ? tenantId : actor.tenantId())
                .bind("storeId", storeId)
                .bind("action", action)
                .bind("target", Json.write(target))
                .bind("outcome", outcome)
                .bind("correlationId", Correlation.current().orElse(null))
                .execute();
    }
}
