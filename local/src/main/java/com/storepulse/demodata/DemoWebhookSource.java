package com.storepulse.demodata;

import com.storepulse.crypto.SecretBox;
import com.storepulse.webhooks.WebhookKeys;
import com.storepulse.webhooks.WebhookScheme;
import com.storepulse.webhooks.WebhookSources;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The local stack's demo webhook source {@value #SOURCE_ID}: Standard Webhooks, on the demo
 * tenant's first store, with the secret {@code STOREPULSE_DEMO_WEBHOOK_SECRET} ({@code whsec_...})
 * if set, else a new one each start (printed in the banner).
 */
public final class DemoWebhookSource {

    public static final String SOURCE_ID = "demo";
    public static final String SECRET_SETTING = "STOREPULSE_DEMO_WEBHOOK_SECRET";

    private DemoWebhookSource() {}

    /** The demo source's store id, or empty when there is no demo tenant or it has no store. */
    public static Optional<Long> install(Jdbi jdbi, SecretBox box, String secret) {
        if (!WebhookKeys.isValidSecret(WebhookScheme.STANDARD_WEBHOOKS, secret)) {
            throw new IllegalArgumentException(
                    SECRET_SETTING + " must be whsec_ followed by base64 of at least 16 bytes");
        }
        List<long[]> store = firstDemoStore(jdbi);
        if (store.isEmpty()) {
            return Optional.empty();
        }
        new WebhookSources(jdbi, box, Clock.systemUTC())
                .install(
                        SOURCE_ID,
                        store.get(0)[0],
                        store.get(0)[1],
                        WebhookScheme.STANDARD_WEBHOOKS,
                        "Local demo source",
                        secret);
        return Optional.of(store.get(0)[1]);
    }

    /** {tenant id, store id} of the demo tenant's first store; empty when there is no demo tenant. */
    static List<long[]> firstDemoStore(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.tenant_id, s.store_id FROM store s JOIN tenant t ON t.tenant_id = s.tenant_id
                        WHERE t.slug = :slug ORDER BY s.store_id LIMIT 1""")
                .bind("slug", DemoVocabulary.DEMO_TENANT_SLUG)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list());
    }
}
