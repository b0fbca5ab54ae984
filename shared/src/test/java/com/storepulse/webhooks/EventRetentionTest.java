package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.db.Database;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention of webhook_event, which is also the dedupe record of event ids (docs/webhooks.md,
 * "Retention and replay"): {@link WebhookIntake#prune} deletes what is older than the retention, a
 * bounded batch at a time, and keeps the rest; the intake prunes by itself as it accepts events;
 * a failed prune is logged and tried again later, never fails a delivery. A database of its own, so
 * the counts are this test's alone.
 */
class EventRetentionTest {

    private static Database database;

    private final MutableClock clock = new MutableClock(Instant.now());
    private IntakeFixture fixture;

    @BeforeAll
    static void ownDatabase() {
        database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_retention"), 4);
        Migrations.migrate(database.dataSource());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyEvents() {
        database.jdbi().useHandle(h -> h.execute("DELETE FROM webhook_event"));
        fixture = new IntakeFixture(database, clock);
    }

    /** Moves the event's receipt back to {@code interval} (a PostgreSQL interval) before now. */
    private static void age(String eventId, String interval) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE webhook_event SET received_at = now() - CAST(:age AS interval)"
                                + " WHERE external_event_id = :id")
                        .bind("age", interval)
                        .bind("id", eventId)
                        .execute());
    }

    private static List<String> storedIds() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT external_event_id FROM webhook_event ORDER BY 1")
                        .mapTo(String.class)
                        .list());
    }

    private WebhookIntake.Receipt send(String eventId, String customerId) {
        return fixture.send(fixture.secret, eventId, IntakeFixture.customerCreated(customerId, "2026-05-01T11:00:00Z"));
    }

    @Test
    void pruneRemovesEventsOlderThanTheRetentionAndKeepsTheRest() {
        send("old-1", "c1");
        send("old-2", "c2");
        send("edge-recent", "c3");
        send("today", "c4");
        age("old-1", "31 days");
        age("old-2", "30 days 1 hour");
        age("edge-recent", "29 days 23 hours");

        assertEquals(2, fixture.intake.prune());

        assertEquals(List.of("edge-recent", "today"), storedIds());
        assertEquals(0, fixture.intake.prune(), "nothing more is old");
        // A kept id still dedupes; a pruned one is forgotten: its redelivery is received again, and
        // the updatedAt guard makes it stale, so it changes nothing.
        assertTrue(send("edge-recent", "c3").duplicate());
        WebhookIntake.Receipt afterRetention = send("old-1", "c1");
        assertFalse(afterRetention.duplicate());
        assertEquals("stale", afterRetention.status());
    }

    @Test
    void pruneDeletesABoundedBatchOldestFirst() {
        int rows = WebhookIntake.PRUNE_BATCH + 5;
        database.jdbi()
                .useHandle(h -> h.createUpdate("""
                        INSERT INTO webhook_event (store_id, source, external_event_id, event_type, status, headers, body,
                                                   received_at)
                        SELECT :store, :source, 'bulk-' || i, 'customer.created', 'applied', '{}'::jsonb, '{}',
                               now() - interval '40 days' - i * interval '1 minute'
                        FROM generate_series(1, :rows) AS i""")
                        .bind("store", fixture.storeId)
                        .bind("source", fixture.sourceId)
                        .bind("rows", rows)
                        .execute());

        assertEquals(WebhookIntake.PRUNE_BATCH, fixture.intake.prune());
        // the oldest went first: what is left are the five most recent (bulk-1 .. bulk-5)
        assertEquals(List.of("bulk-1", "bulk-2", "bulk-3", "bulk-4", "bulk-5"), storedIds());
        assertEquals(5, fixture.intake.prune());
        assertEquals(List.of(), storedIds());
    }

    @Test
    void theIntakePrunesByItselfEveryFewHundredAcceptedEvents() {
        send("old", "c0");
        age("old", "31 days");
        for (int i = 1; i < WebhookIntake.PRUNE_EVERY; i++) {
            assertTrue(storedIds().contains("old"), "pruned before the " + i + "th event");
            send("e-" + i, "c" + i);
        }
        assertFalse(storedIds().contains("old"), "the " + WebhookIntake.PRUNE_EVERY + "th accepted event pruned it");
        assertEquals(WebhookIntake.PRUNE_EVERY - 1, storedIds().size());
    }

    @Test
    void aFailedPruneIsLoggedAndNeverThrown() {
        send("old", "c0");
        age("old", "31 days");
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE webhook_event RENAME TO webhook_event_away"));
        try (CapturedLogs logs = new CapturedLogs()) {
            assertEquals(0, fixture.intake.prune());
            assertEquals(
                    "WARN",
                    logs.lines().stream()
                            .filter(l -> l.path("message")
                                    .asText()
                                    .startsWith("webhook_event retention prune failed (tried again later)"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no warning in " + logs.raw()))
                            .path("level")
                            .asText());
        } finally {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE webhook_event_away RENAME TO webhook_event"));
        }
        assertEquals(1, fixture.intake.prune(), "the next prune catches up");
    }
}
