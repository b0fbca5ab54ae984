package com.storepulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V6 turns a populated customer_score into per-store partitions without losing or moving a row. */
class ScorePartitionMigrationTest {

    @Test
    void existingScoresMoveIntoOnePartitionPerStore() {
        try (Database db = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_v6"), 2)) {
            DatabaseSettings s = db.settings();
            Flyway.configure()
                    .dataSource(s.jdbcUrl(), s.user(), s.password())
                    .locations("classpath:db/migration")
                    .target("5")
                    .load()
                    .migrate();
            db.jdbi().useHandle(h -> h.createScript("""
                    INSERT INTO tenant (tenant_id, slug, name) VALUES (1, 'v6', 'V6');
                    INSERT INTO store (store_id, tenant_id, name) VALUES (7, 1, 'a'), (9, 1, 'b'), (10, 1, 'no scores');
                    INSERT INTO dim_customer (customer_id, store_id, external_id)
                    SELECT i, CASE WHEN i <= 60 THEN 7 WHEN i <= 100 THEN 9 ELSE 10 END, 'c' || i FROM generate_series(1, 110) AS i;
                    INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                                total_spend, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                                                predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score,
                                                segments, scored_at)
                    SELECT customer_id, store_id, 1, 2, 3, 4.5, 6.75, 0.9, 0.1, 0.5, 90, customer_id * 1.25, 12, 1 + customer_id % 11,
                           1, 2, 3, '["vip"]', timestamptz '2025-01-01'
                    FROM dim_customer WHERE store_id IN (7, 9);
                    """).execute());
            List<String> before = rows(db);

            // Later versions follow these; the assertions below are about what V6..V12 did to the rows.
            assertEquals(
                    List.of("6", "7", "8", "10", "11", "12"),
                    Migrations.migrate(db.dataSource()).migrations.stream()
                            .map(m -> m.version)
                            .limit(6)
                            .toList(),
                    "V6, then V7, V8, V10, V11 and V12");

            assertEquals(before, rows(db), "every row, every value");
            assertEquals(
                    List.of("customer_score_p7 60", "customer_score_p9 40"),
                    db.jdbi()
                            .withHandle(
                                    h -> h.createQuery("""
                    SELECT tableoid::regclass::text || ' ' || count(*) FROM customer_score GROUP BY tableoid ORDER BY 1""").mapTo(String.class).list()));
            // a deleted customer's score goes with them (the trigger that replaced the foreign key)
            db.jdbi().useHandle(h -> h.execute("DELETE FROM dim_customer WHERE customer_id IN (1, 61, 105)"));
            int left = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score")
                            .mapTo(Integer.class)
                            .one());
            assertEquals(98, left);
            // V11's live-customer counts: backfilled from the migrated rows, then kept by its delete trigger
            assertEquals(
                    List.of("7 59", "9 39", "10 9"),
                    db.jdbi()
                            .withHandle(h -> h.createQuery(
                                            "SELECT store_id || ' ' || customers FROM store_live_customers ORDER BY store_id")
                                    .mapTo(String.class)
                                    .list()));
        }
    }

    /** Every row as JSON, without V10's score_version (which the rows before it did not have). */
    private static List<String> rows(Database db) {
        return db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT (to_jsonb(s) - 'score_version')::text FROM customer_score s ORDER BY customer_id")
                        .mapTo(String.class)
                        .list());
    }
}
