package com.storepulse.deploy;

import com.storepulse.auth.ApiKeys;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.demodata.DemoApiKeys;
import com.storepulse.demodata.DemoDataGenerator;
import com.storepulse.demodata.DemoDataOptions;
import com.storepulse.demodata.DemoDataScale;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The data the deployed jars meet in {@link DeployedJarsStartTest}: a database of its own with the
 * migrations, the small demo data set, scored, and a live demo API key, as the local stack starts.
 * The sample events in events/ carry a placeholder where a reader puts the key the local stack
 * printed; here the test's own key takes its place, so an authenticated route runs its whole path
 * (key lookup, repository SQL, cursor codec, JSON) from the jar's classes instead of stopping at 401.
 */
final class JarStartData {

    /** The placeholder the sample events carry in {@code x-api-key}. */
    static final String DEMO_KEY_PLACEHOLDER = "sp_live_demo0001_REPLACEWITHYOURDEMOKEYFROMSTARTUP";

    private static JarStartData instance;

    private final String jdbcUrl;
    private final String demoKey;

    private JarStartData(String jdbcUrl, String demoKey) {
        this.jdbcUrl = jdbcUrl;
        this.demoKey = demoKey;
    }

    static synchronized JarStartData get() {
        if (instance == null) {
            String url = TestDatabase.createEmptyDatabase("sp_jarstart");
            String key = ApiKeys.generate().key();
            try (Database database = TestDatabase.open(url, 2)) {
                Migrations.migrate(database.dataSource());
                new DemoDataGenerator(DemoDataOptions.of(DemoDataScale.small()), line -> {}).load(database.jdbi());
                new StoreScoringService(database.jdbi(), CacheInvalidation.NONE).scoreUnscoredStores(Instant.now());
                if (!DemoApiKeys.install(database.jdbi(), key)) {
                    throw new AssertionError("the demo data set has no demo tenant to give a key to");
                }
            }
            instance = new JarStartData(url, key);
        }
        return instance;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Whether an event expects the demo key (and so a 2xx, not a 401). */
    static boolean namesDemoKey(byte[] event) {
        return new String(event, StandardCharsets.UTF_8).contains(DEMO_KEY_PLACEHOLDER);
    }

    /** The event as sent to the function: the placeholder key replaced by this run's demo key. */
    byte[] withDemoKey(byte[] event) {
        return new String(event, StandardCharsets.UTF_8)
                .replace(DEMO_KEY_PLACEHOLDER, demoKey)
                .getBytes(StandardCharsets.UTF_8);
    }
}
