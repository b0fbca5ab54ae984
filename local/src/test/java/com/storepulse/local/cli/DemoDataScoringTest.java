package com.storepulse.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.storepulse.db.Database;
import com.storepulse.demodata.DemoDataGenerator;
import com.storepulse.demodata.DemoDataOptions;
import com.storepulse.demodata.DemoDataScale;
import com.storepulse.demodata.LoadReport;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * {@code demo-data} scores what it loads as of the data's own end: the same seed gives the same
 * scores, and so the same keyset cursors, on any day it is run (the benchmarks' cursor arguments
 * depend on it).
 */
class DemoDataScoringTest {

    private static final DemoDataOptions SMALL = DemoDataOptions.of(DemoDataScale.small());

    @Test
    void scoresAreAsOfTheDataEndNotTheWallClock() {
        try (Database db = freshDatabase()) {
            LoadReport report = loadAndScore(db, SMALL);
            Instant expected = SMALL.asOf().atStartOfDay().toInstant(ZoneOffset.UTC);
            assertEquals(expected, report.dataEnd());
            List<Instant> scoredAt = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT DISTINCT scored_at FROM customer_score")
                            .mapTo(Instant.class)
                            .list());
            assertEquals(List.of(expected), scoredAt);
        }
    }

    @Test
    void twoGenerationsFromTheSameSeedGiveIdenticalScoresAndCursors() {
        try (Database first = freshDatabase();
                Database second = freshDatabase()) {
            loadAndScore(first, SMALL);
            loadAndScore(second, SMALL);
            assertEquals(scoreChecksum(first.jdbi()), scoreChecksum(second.jdbi()));
            assertEquals(keysetPositions(first.jdbi()), keysetPositions(second.jdbi()));
            // The checksum sees the scores: another as-of date moves them.
            try (Database later = freshDatabase()) {
                loadAndScore(later, SMALL.withAsOf(SMALL.asOf().plusDays(30)));
                assertNotEquals(scoreChecksum(first.jdbi()), scoreChecksum(later.jdbi()));
            }
        }
    }

    private static LoadReport loadAndScore(Database db, DemoDataOptions options) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return DataCommands.scored(quiet, db, new DemoDataGenerator(options, line -> {}).load(db.jdbi()));
    }

    /** Every score column a response or a cursor is built from, keyed by the customer's external id. */
    private static String scoreChecksum(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT md5(string_agg(concat_ws('|', c.external_id, s.predicted_ltv, s.churn_risk, s.p_alive,
                                                        s.expected_purchases, s.archetype_id, s.segments::text,
                                                        s.recency_days, s.tenure_days, s.scored_at),
                                              ',' ORDER BY c.external_id))
                        FROM customer_score s JOIN dim_customer c USING (customer_id)""").mapTo(String.class).one());
    }

    /** The (ltv, customer id) a keyset cursor holds at every 50th row of each store's -ltv order. */
    private static List<String> keysetPositions(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT store_id || ':' || predicted_ltv || ':' || customer_id
                        FROM (SELECT store_id, predicted_ltv, customer_id,
                                     row_number() OVER (PARTITION BY store_id
                                                        ORDER BY predicted_ltv DESC, customer_id DESC) AS n
                              FROM customer_score) ranked
                        WHERE n % 50 = 0
                        ORDER BY store_id, n""").mapTo(String.class).list());
    }

    private static Database freshDatabase() {
        Database fresh = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_demoscore"), 2);
        Migrations.migrate(fresh.dataSource());
        return fresh;
    }
}
