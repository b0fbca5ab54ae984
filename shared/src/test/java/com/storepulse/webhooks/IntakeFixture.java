package com.storepulse.webhooks;

import com.storepulse.auth.AccessFixtures;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.observability.MetricsRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * A tenant with one USD store and a standard-webhooks source on a real database, and the intake
 * as the function builds it below HTTP (no rescoring: {@code afterApply} does nothing), for tests
 * that need one source and a few signed deliveries.
 */
final class IntakeFixture {

    static final Duration RETENTION = Duration.ofDays(30);

    final Database database;
    final Clock clock;
    final SecretBox box = SecretBox.ofKeys(Base64.getDecoder().decode(SecretBox.newKey()));
    final WebhookSources sources;
    final WebhookIntake intake;
    final long tenantId;
    final long storeId;
    final String sourceId;
    final String secret;

    IntakeFixture(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        AccessFixtures fixtures = new AccessFixtures(database);
        tenantId = fixtures.tenant();
        storeId = fixtures.store(tenantId); // USD, the column's default
        sources = new WebhookSources(database.jdbi(), box, clock);
        intake = new WebhookIntake(
                database.jdbi(),
                sources,
                new SignatureVerifier(SignatureVerifier.DEFAULT_TOLERANCE),
                EventSchemas.load(),
                (store, customers) -> {},
                MetricsRecorder.NOOP,
                clock,
                RETENTION);
        WebhookSources.Registered registered =
                sources.register(tenantId, storeId, "standard-webhooks", "fixture", null, null);
        sourceId = registered.source().sourceId();
        secret = registered.secret();
    }

    /** A delivery signed (v1) with {@code whsec} at the clock's time. */
    SignedRequest signed(String whsec, String id, String body) {
        long ts = clock.instant().getEpochSecond();
        return new SignedRequest(
                TestSigner.standardHeaders(TestSigner.standardV1(whsec, id, ts, body), id, ts),
                body.getBytes(StandardCharsets.UTF_8));
    }

    WebhookIntake.Receipt send(String whsec, String id, String body) {
        return intake.receive(sourceId, signed(whsec, id, body));
    }

    static String customerCreated(String customerId, String updatedAt) {
        return "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"" + customerId
                + "\",\"email\":\"" + customerId + "@example.com\",\"updatedAt\":\"" + updatedAt + "\"}}";
    }
}
