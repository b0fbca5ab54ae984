package com.storepulse.demodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.ApiKeys;
import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoApiKeysTest {

    @Test
    void installsOneLiveKeyForTheDemoTenant() {
        try (Database db = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_keys"), 2)) {
            Migrations.migrate(db.dataSource());
            assertFalse(DemoApiKeys.install(db.jdbi(), ApiKeys.generate().key()), "no demo tenant yet");
            db.jdbi().useHandle(h -> h.execute("INSERT INTO tenant (slug, name) VALUES ('demo', 'Demo')"));

            String first = ApiKeys.generate().key();
            String second = ApiKeys.generate().key();
            assertTrue(DemoApiKeys.install(db.jdbi(), first));
            assertTrue(DemoApiKeys.install(db.jdbi(), second));
            assertTrue(DemoApiKeys.install(db.jdbi(), second), "installing the same key again is fine");

            List<Map<String, Object>> live = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT prefix, key_hash, scopes::text AS scopes, allowed_store_ids FROM api_key WHERE revoked_at IS NULL")
                            .mapToMap()
                            .list());
            assertEquals(1, live.size());
            assertEquals(ApiKeys.prefixOf(second), live.get(0).get("prefix"));
            assertArrayEquals(ApiKeys.hash(second), (byte[]) live.get(0).get("key_hash"));
            assertEquals("{customers:read,stores:read,usage:read}", live.get(0).get("scopes"));
            assertEquals(null, live.get(0).get("allowed_store_ids"));

            assertThrows(IllegalArgumentException.class, () -> DemoApiKeys.install(db.jdbi(), "not-a-key"));
        }
    }
}
