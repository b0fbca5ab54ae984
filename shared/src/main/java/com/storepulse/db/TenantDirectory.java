package com.storepulse.db;

import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Which tenant owns a store, a source or a key, for work that starts from such an id and must then
 * run as its tenant ({@link TenantScope}); and every store with its tenant, for the fan-outs over
 * all tenants. Each answer comes from one of V20's functions that run as the owner (SECURITY
 * DEFINER) and return ids only: the application role itself sees no row of a tenant-owned table
 * until a tenant is named (docs/architecture.md, "Row-level security").
 */
public final class TenantDirectory {

    /** A store and the tenant it belongs to. */
    public record StoreOfTenant(long storeId, long tenantId) {}

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private TenantDirectory() {}

    private static String sql(String name) {
        return SQL.locate(TenantDirectory.class, name);
    }

    public static OptionalLong ofStore(Jdbi jdbi, long storeId) {
        return one(jdbi, "ofStore", storeId);
    }

    public static OptionalLong ofSyncSource(Jdbi jdbi, long syncSourceId) {
        return one(jdbi, "ofSyncSource", syncSourceId);
    }

    public static OptionalLong ofWebhookSource(Jdbi jdbi, String sourceId) {
        return one(jdbi, "ofWebhookSource", sourceId);
    }

    public static OptionalLong ofApiKey(Jdbi jdbi, long apiKeyId) {
        return one(jdbi, "ofApiKey", apiKeyId);
    }

    /** Every store with its tenant, by store id. */
    public static List<StoreOfTenant> stores(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(sql("stores"))
                .map((rs, ctx) -> new StoreOfTenant(rs.getLong("store_id"), rs.getLong("tenant_id")))
                .list());
    }

    /** Every tenant that has a store, ascending. */
    public static List<Long> tenantsWithStores(Jdbi jdbi) {
        return stores(jdbi).stream()
                .map(StoreOfTenant::tenantId)
                .distinct()
                .sorted()
                .toList();
    }

    private static OptionalLong one(Jdbi jdbi, String name, Object id) {
        Long tenant = jdbi.withHandle(h -> h.createQuery(sql(name))
                .bind("id", id)
                .mapTo(Long.class)
                .findOne()
                .orElse(null));
        return tenant == null ? OptionalLong.empty() : OptionalLong.of(tenant);
    }
}
