package com.storepulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.util.List;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void migratesAnEmptyDatabaseToTheStarSchema() {
        try (Database db = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_migrate"), 2)) {
            MigrateResult result = Migrations.migrate(db.dataSource());
            assertTrue(result.success);
            assertTrue(result.migrationsExecuted >= 1);

            List<String> tables = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                            .mapTo(String.class)
                            .list());
            for (String expected : List.of(
                    "tenant",
                    "store",
                    "dim_customer",
                    "dim_date",
                    "dim_archetype",
                    "fact_order",
                    "customer_score",
                    "model_fit",
                    "api_key",
                    "api_key_usage_daily",
                    "webhook_event",
                    "sync_cursor",
                    "sync_run",
                    "alert_state")) {
                assertTrue(tables.contains(expected), "missing table " + expected + " in " + tables);
            }
            int archetypes = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM dim_archetype")
                            .mapTo(Integer.class)
                            .one());
            assertEquals(11, archetypes);

            // Running again applies nothing: migrations are idempotent at the Flyway level.
            assertEquals(0, Migrations.migrate(db.dataSource()).migrationsExecuted);
        }
    }
}
