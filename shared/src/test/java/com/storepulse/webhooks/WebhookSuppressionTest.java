package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.db.Database;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.privacy.CustomerErasure;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.privacy.Suppressions;
import com.storepulse.testing.ClearTextSearch;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The intake drops every change of a customer erased from the store, whoever sends it: a replay of
 * an event it applied before the erasure (its stored copy is gone, so it is not a duplicate), a new
 * event, an order naming the customer, an event of a type it does not know. Nothing of such an
 * event is kept; each is answered 200 {@code suppressed} (the sender stops retrying) and counted.
 */
class WebhookSuppressionTest {

    private static final Database DATABASE = TestDatabase.shared();
    private static final SubjectHashes HASHES =
            SubjectHashes.ofKeys(Base64.getDecoder().decode(SubjectHashes.newKey()));

    private final MutableClock clock = new MutableClock(Instant.now());
    private final IntakeFixture fixture = new IntakeFixture(DATABASE, clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final WebhookIntake intake = new WebhookIntake(
            DATABASE.jdbi(),
            fixture.sources,
            new SignatureVerifier(SignatureVerifier.DEFAULT_TOLERANCE),
            EventSchemas.load(),
            (store, customers) -> {},
            new Suppressions(HASHES, metrics),
            metrics,
            clock,
            IntakeFixture.RETENTION);

    private WebhookIntake.Receipt send(String id, String body) {
        return intake.receive(fixture.sourceId, fixture.signed(fixture.secret, id, body));
    }

    @Test
    void anErasedCustomerIsNotBroughtBackByAnyDelivery() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String ada = "cust-ada-" + tag;
        String bob = "cust-bob-" + tag;
        String created =
                "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"" + ada
                        + "\",\"email\":\"ada-" + tag + "@example.com\",\"firstName\":\"Ada" + tag
                        + "\",\"updatedAt\":\"2026-05-01T11:59:00Z\"}}";
        String order = "{\"type\":\"order.created\",\"timestamp\":\"2026-05-01T12:01:00Z\",\"data\":{\"id\":\"o-" + tag
                + "\",\"customerId\":\"" + ada + "\",\"orderedAt\":\"2026-05-01T12:00:30Z\",\"totalAmount\":\"59.90\","
                + "\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"2026-05-01T12:00:30Z\"}}";
        assertEquals("applied", send("evt-1-" + tag, created).status());
        assertEquals("applied", send("evt-2-" + tag, order).status());
        new CustomerErasure(
                        DATABASE.jdbi(), HASHES, CacheInvalidation.NONE, Duration.ofMinutes(5), MetricsRecorder.NOOP)
                .erase(
                        fixture.storeId,
                        ada,
                        com.storepulse.audit.AuditActor.apiKey(1, "sp_live_test0000", fixture.tenantId, null));

        clock.advance(Duration.ofSeconds(60)); // re-signed replays, as a sender retries
        WebhookIntake.Receipt replayed = send("evt-1-" + tag, created);
        assertEquals(WebhookIntake.SUPPRESSED, replayed.status());
        assertFalse(replayed.duplicate(), "its stored copy went with the erasure");
        assertEquals(
                "{\"eventId\":\"evt-1-" + tag + "\",\"type\":\"customer.created\",\"status\":\"suppressed\"}",
                replayed.outcome());
        assertEquals(WebhookIntake.SUPPRESSED, send("evt-2-" + tag, order).status(), "the order replayed");
        assertEquals(
                WebhookIntake.SUPPRESSED,
                send("evt-3-" + tag, created.replace("2026-05-01T11:59:00Z", "2026-05-02T11:59:00Z"))
                        .status(),
                "a newer version");
        assertEquals(
                WebhookIntake.SUPPRESSED,
                send("evt-4-" + tag, "{\"type\":\"customer.merged\",\"data\":{\"id\":\"" + ada + "\"}}")
                        .status(),
                "a type StorePulse does not know, naming the customer");
        assertEquals(
                "applied",
                send(
                                "evt-5-" + tag,
                                created.replace(ada, bob).replace("Ada", "Bob").replace("ada-", "bob-"))
                        .status(),
                "another customer of the store");

        assertEquals(List.of(), ClearTextSearch.find(DATABASE.jdbi(), List.of(ada, "ada-" + tag, "Ada" + tag)));
        assertEquals(
                List.of("evt-5-" + tag),
                DATABASE.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT external_event_id FROM webhook_event WHERE store_id = :s ORDER BY 1")
                                .bind("s", fixture.storeId)
                                .mapTo(String.class)
                                .list()),
                "a suppressed event is not kept");
        assertEquals(4.0, metrics.total(MetricNames.CUSTOMER_SUPPRESSED));
    }
}
