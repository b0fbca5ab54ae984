package com.storepulse.db;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The tenant whose rows this thread's database work may see: the one place the application names
 * it to PostgreSQL's row-level security (docs/architecture.md, "Row-level security").
 *
 * <p>Every connection the data layer hands out ({@link GuardedConnections}) first gets
 * {@code storepulse.tenant_id} set to this thread's tenant, or to nothing when there is none; the
 * policies of V20 then show and accept only that tenant's rows, and no row of a tenant-owned table
 * when none is set. The value is written at every checkout, so a pooled connection never carries a
 * tenant from one unit of work into the next.
 *
 * <p>Who sets it: a tenant route of the customer API once the API key is authenticated
 * ({@link com.storepulse.auth.ApiKeyAdmission}), for the rest of the invocation; work that starts
 * from a store or a source and learns its tenant runs inside {@link #call}. Every invocation
 * starts and ends without one ({@link com.storepulse.observability.InvocationScope}).
 */
public final class TenantScope {

    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private TenantScope() {}

    /** This thread's tenant from now until {@link #clear()} (the end of the invocation). */
    public static void enter(long tenantId) {
        CURRENT.set(tenantId);
    }

    /** No tenant: connections checked out from now on see no tenant's rows. */
    public static void clear() {
        CURRENT.remove();
    }

    public static OptionalLong current() {
        Long tenant = CURRENT.get();
        return tenant == null ? OptionalLong.empty() : OptionalLong.of(tenant);
    }

    /** Runs {@code work} as {@code tenantId}, then restores whatever was set before. */
    public static <T> T call(long tenantId, Supplier<T> work) {
        Long before = CURRENT.get();
        CURRENT.set(tenantId);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    public static void run(long tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }

    /**
     * The statement that names this thread's tenant to a connection's session: built from a long,
     * never from text, and sent in autocommit at checkout (a session value a later rollback cannot
     * undo).
     */
    static String settingStatement() {
        Long tenant = CURRENT.get();
        return "SET storepulse.tenant_id = '" + (tenant == null ? "" : Long.toString(tenant)) + "'";
    }
}
