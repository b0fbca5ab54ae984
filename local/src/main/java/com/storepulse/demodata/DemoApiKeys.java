package com.storepulse.demodata;

import com.storepulse.auth.ApiKeys;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The demo tenant's API key for the local stack. Each start installs the key it was given (or a
 * new random one) and revokes the demo keys of earlier starts, so a persistent database keeps
 * exactly one live demo key.
 */
public final class DemoApiKeys {

    public static final String KEY_NAME = "local demo key";
    public static final List<String> SCOPES = List.of("customers:read", "stores:read", "usage:read");

    private DemoApiKeys() {}

    /** Installs {@code key} for the demo tenant; false if there is no demo tenant in this database. */
    public static boolean install(Jdbi jdbi, String key) {
        ApiKeys.requireWellFormed(key, "the demo API key");
        return jdbi.inTransaction(h -> {
            List<Long> tenant = h.createQuery(BulkLoad.sql("FindTenantBySlug"))
                    .bind("slug", DemoVocabulary.DEMO_TENANT_SLUG)
                    .mapTo(Long.class)
                    .list();
            if (tenant.isEmpty()) {
                return false;
            }
            String prefix = ApiKeys.prefixOf(key);
            h.createUpdate(BulkLoad.sql("UpsertDemoApiKey"))
                    .bind("tenantId", tenant.get(0))
                    .bind("prefix", prefix)
                    .bind("keyHash", ApiKeys.hash(key))
                    .bind("name", KEY_NAME)
                    .bindArray("scopes", String.class, SCOPES)
                    .execute();
            h.createUpdate(BulkLoad.sql("RevokeOtherDemoApiKeys"))
                    .bind("tenantId", tenant.get(0))
                    .bind("name", KEY_NAME)
                    .bind("prefix", prefix)
                    .execute();
            return true;
        });
    }
}
