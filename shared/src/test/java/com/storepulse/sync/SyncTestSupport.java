package com.storepulse.sync;

import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import java.time.Clock;
import java.util.UUID;

/** A tenant and store per test, the registry and a clock the test moves (the function's tests too). */
public final class SyncTestSupport {

    static final byte[] KEY = java.util.Base64.getDecoder().decode(SecretBox.newKey());
    static final SecretBox BOX = SecretBox.ofKeys(KEY);

    private SyncTestSupport() {}

    /** A new tenant and store (currency USD); returns {tenantId, storeId}. */
    public static long[] tenantAndStore(Database database) {
        String slug = "sy-" + UUID.randomUUID().toString().substring(0, 8);
        return database.jdbi().withHandle(h -> {
            long tenant = h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                    .bind("s", slug)
                    .mapTo(Long.class)
                    .one();
            long store = h.createQuery(
                            "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'Shop', 'USD') RETURNING store_id")
                    .bind("t", tenant)
                    .mapTo(Long.class)
                    .one();
            return new long[] {tenant, store};
        });
    }

    static SyncSources sources(Database database, Clock clock) {
        return new SyncSources(database.jdbi(), BOX, SecretResolver.NONE, clock);
    }
}
