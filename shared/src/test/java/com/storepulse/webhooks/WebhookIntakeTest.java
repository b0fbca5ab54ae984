package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.errors.TimestampOutOfToleranceException;
import com.storepulse.errors.ValidationException;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.StoreRows;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The intake end to end below HTTP, on a real PostgreSQL: a fresh tenant, store and source per test. */
class WebhookIntakeTest {

    private static final Database DATABASE = TestDatabase.shared();
    private static final SecretBox BOX = SecretBox.ofKeys(Base64.getDecoder().decode(SecretBox.newKey()));

    /** Moved by the test (rotation expiry, tolerance). */
    private final MutableClock clock = new MutableClock(Instant.now());

    private final Map<Long, String> rescored = new ConcurrentHashMap<>();
    private WebhookSources sources;
    private WebhookIntake intake;
    private long tenantId;
    private long storeId;
    private String sourceId;
    private String secret;

    @BeforeEach
    void newSource() {
        String slug = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        tenantId = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                        .bind("s", slug)
                        .mapTo(Long.class)
                        .one());
        storeId = DATABASE.jdbi()
                .withHandle(
                        h -> h.createQuery("INSERT INTO store (tenant_id, name) VALUES (:t, 'Shop') RETURNING store_id")
                                .bind("t", tenantId)
                                .mapTo(Long.class)
                                .one());
        sources = new WebhookSources(DATABASE.jdbi(), BOX, clock);
        intake = new WebhookIntake(
                DATABASE.jdbi(),
                sources,
                new SignatureVerifier(SignatureVerifier.DEFAULT_TOLERANCE),
                EventSchemas.load(),
                (store, customers) -> rescored.putAll(customers),
                MetricsRecorder.NOOP,
                clock,
                Duration.ofDays(30));
        WebhookSources.Registered registered =
                sources.register(tenantId, storeId, "standard-webhooks", "Shop integration", null, null);
        sourceId = registered.source().sourceId();
        secret = registered.secret();
    }

    private SignedRequest signed(String secretToUse, String id, String body) {
        long ts = clock.instant().getEpochSecond();
        return new SignedRequest(
                TestSigner.standardHeaders(TestSigner.standardV1(secretToUse, id, ts, body), id, ts),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private WebhookIntake.Receipt send(String id, String body) {
        return intake.receive(sourceId, signed(secret, id, body));
    }

    private static String customer(String type, String id, String email, String updatedAt) {
        return """
                {"type":"%s","timestamp":"2026-05-01T12:00:00Z","data":{"id":"%s","email":"%s","firstName":"Ada","lastName":"L","createdAt":"2026-01-01T00:00:00Z","updatedAt":"%s"}}""".formatted(type, id, email, updatedAt);
    }

    private static String order(String id, String customerId, String amount, String updatedAt) {
        return """
                {"type":"order.created","timestamp":"2026-05-01T12:00:00Z","data":{"id":"%s","customerId":"%s","orderedAt":"2026-04-30T10:00:00Z","totalAmount":"%s","currency":"USD","kind":"order","updatedAt":"%s"}}""".formatted(id, customerId, amount, updatedAt);
    }

    private String email(String externalId) {
        return StoreRows.email(DATABASE.jdbi(), storeId, externalId);
    }

    private long count(String sql) {
        return DATABASE.jdbi()
                .withHandle(h ->
                        h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }

    @Test
    void anEventIsAppliedRecordedRawAndRescored() {
        String body = customer("customer.created", "c1", "ada@example.com", "2026-05-01T11:00:00Z");
        WebhookIntake.Receipt receipt = send("msg_1", body);

        assertEquals("applied", receipt.status());
        assertFalse(receipt.duplicate());
        assertEquals("ada@example.com", email("c1"));
        assertEquals(List.of("c1"), List.copyOf(rescored.values()));
        String stored = DATABASE.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT body FROM webhook_event WHERE store_id = :s AND external_event_id = 'msg_1'")
                        .bind("s", storeId)
                        .mapTo(String.class)
                        .one());
        assertEquals(body, stored);
    }

    /**
     * After the signature (over the raw bytes), the body is read by the one strict JSON reader:
     * trailing garbage, a second document or a lone surrogate escape is a 400 and writes nothing.
     */
    @Test
    void aSignedBodyThatIsNotOneDocumentOfUnicodeTextIsA400AndWritesNothing() {
        String event = customer("customer.created", "c1", "a@example.com", "2026-05-01T11:00:00Z");
        for (String body : List.of(
                event + "xyz",
                event + " " + customer("customer.created", "c2", "b@example.com", "2026-05-01T11:00:00Z"),
                customer("customer.created", "c3", "x\\ud800@example.com", "2026-05-01T11:00:00Z"))) {
            ValidationException refused =
                    assertThrows(ValidationException.class, () -> send("msg_" + UUID.randomUUID(), body));
            assertEquals("/", refused.fieldErrors().get(0).field(), body);
        }
        assertEquals(0, count("SELECT count(*) FROM dim_customer WHERE store_id = :s"));
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void aDuplicateAppliesNothingAndIsAnsweredTheFirstOutcome() throws Exception {
        WebhookIntake.Receipt first =
                send("msg_1", customer("customer.created", "c1", "a@example.com", "2026-05-01T11:00:00Z"));
        rescored.clear();
        WebhookIntake.Receipt again =
                send("msg_1", customer("customer.created", "c1", "a@example.com", "2026-05-01T11:00:00Z"));

        assertTrue(again.duplicate());
        // the same outcome (stored as jsonb: the same fields and values, not necessarily the same bytes)
        assertEquals(
                com.storepulse.json.Json.mapper().readTree(first.outcome()),
                com.storepulse.json.Json.mapper().readTree(again.outcome()));
        assertTrue(rescored.isEmpty());
        assertEquals(1, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void concurrentDuplicatesApplyOnce() throws Exception {
        int copies = 6;
        String body = order("o1", "c1", "10.00", "2026-05-01T11:00:00Z");
        SignedRequest request = signed(secret, "msg_dup", body);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<Future<WebhookIntake.Receipt>> results = new ArrayList<>();
        try {
            for (int i = 0; i < copies; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return intake.receive(sourceId, request);
                }));
            }
            start.countDown();
            int firsts = 0;
            for (Future<WebhookIntake.Receipt> result : results) {
                WebhookIntake.Receipt receipt = result.get();
                assertEquals("applied", receipt.status());
                firsts += receipt.duplicate() ? 0 : 1;
            }
            assertEquals(1, firsts);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM fact_order WHERE store_id = :s"));
        assertEquals(1, count("SELECT order_count FROM dim_customer WHERE store_id = :s AND external_id = 'c1'"));
    }

    @Test
    void outOfOrderUpdatesLeaveTheNewestData() {
        send("m3", customer("customer.updated", "c1", "newest@example.com", "2026-05-01T11:00:03Z"));
        WebhookIntake.Receipt older =
                send("m2", customer("customer.updated", "c1", "older@example.com", "2026-05-01T11:00:02Z"));
        send("m1", customer("customer.created", "c1", "first@example.com", "2026-05-01T11:00:01Z"));

        assertEquals("stale", older.status());
        assertEquals("newest@example.com", email("c1"));
    }

    @Test
    void aDeleteDropsTheCustomerAndIsRescored() {
        send("m1", customer("customer.created", "c1", "a@example.com", "2026-05-01T11:00:00Z"));
        WebhookIntake.Receipt deleted = send("m2", """
                {"type":"customer.deleted","timestamp":"2026-05-01T12:00:00Z","data":{"id":"c1","deletedAt":"2026-05-01T11:30:00Z"}}""");
        assertEquals("applied", deleted.status());
        assertEquals(1, count("SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NOT NULL"));
        assertEquals(List.of("c1"), List.copyOf(rescored.values()));
    }

    @Test
    void anOlderOrderUpdateLeavesTheNewestOrder() {
        send("m1", order("o1", "c1", "20.00", "2026-05-01T11:00:03Z"));
        WebhookIntake.Receipt older = send(
                "m2", order("o1", "c1", "10.00", "2026-05-01T11:00:02Z").replace("order.created", "order.updated"));

        assertEquals("stale", older.status());
        assertEquals(
                "20.00",
                DATABASE.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT amount::text FROM fact_order WHERE store_id = :s AND external_id = 'o1'")
                                .bind("s", storeId)
                                .mapTo(String.class)
                                .one()));
    }

    /** A rotation's header carries several entries: only a valid one for an active key is accepted. */
    @Test
    void severalSignatureEntriesAreAcceptedOnlyWhenOneIsValidForAnActiveKey() {
        String body = customer("customer.created", "c1", "a@x.io", "2026-05-01T11:00:00Z");
        long ts = clock.instant().getEpochSecond();
        String wrong = TestSigner.standardV1(WebhookKeys.newSecret(), "s1", ts, body) + " "
                + TestSigner.standardV1(WebhookKeys.newSecret(), "s1", ts, body) + " v1a,"
                + Base64.getEncoder().encodeToString(new byte[64]) + " "
                + TestSigner.standardV1a(TestSigner.ed25519KeyPair().getPrivate(), "s1", ts, body);
        SignedRequest allWrong =
                new SignedRequest(TestSigner.standardHeaders(wrong, "s1", ts), body.getBytes(StandardCharsets.UTF_8));
        assertThrows(SignatureInvalidException.class, () -> intake.receive(sourceId, allWrong));

        WebhookSources.Rotated rotated = sources.addSecret(tenantId, sourceId, Duration.ofHours(1), null, null);
        sources.revokeSecret(
                tenantId,
                sourceId,
                sources.list(tenantId).getFirst().secrets().stream()
                        .filter(s -> s.secretId() != rotated.added().secretId())
                        .findFirst()
                        .orElseThrow()
                        .secretId());
        String revokedOnly = wrong + " " + TestSigner.standardV1(secret, "s1", ts, body);
        SignedRequest signedByRevoked = new SignedRequest(
                TestSigner.standardHeaders(revokedOnly, "s1", ts), body.getBytes(StandardCharsets.UTF_8));
        assertThrows(SignatureInvalidException.class, () -> intake.receive(sourceId, signedByRevoked));

        String oneValid = wrong + " " + TestSigner.standardV1(rotated.secret(), "s1", ts, body);
        SignedRequest accepted = new SignedRequest(
                TestSigner.standardHeaders(oneValid, "s1", ts), body.getBytes(StandardCharsets.UTF_8));
        assertEquals("applied", intake.receive(sourceId, accepted).status());
    }

    @Test
    void anUnknownTypeIsRecordedAndIgnored() {
        WebhookIntake.Receipt receipt = send("m1", "{\"type\":\"invoice.paid\",\"data\":{}}");
        assertEquals("ignored", receipt.status());
        assertEquals(1, count("SELECT count(*) FROM webhook_event WHERE store_id = :s AND status = 'ignored'"));
    }

    @Test
    void anInvalidEventListsEveryFailingFieldAndIsNotRecorded() {
        String body = """
                {"type":"order.created","timestamp":"2026-05-01T12:00:00Z","data":{"id":"","customerId":"c1","orderedAt":"yesterday","totalAmount":12.5,"currency":"usd","kind":"sale","updatedAt":"2026-05-01T11:00:00Z"}}""";
        ValidationException refused = assertThrows(ValidationException.class, () -> send("m1", body));
        assertEquals(
                List.of("/data/id", "/data/orderedAt", "/data/totalAmount", "/data/currency", "/data/kind"),
                refused.fieldErrors().stream().map(FieldError::field).toList());
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void businessRulesAreReportedAsPathsIntoTheEvent() {
        String body = """
                {"type":"order.refunded","timestamp":"2026-05-01T12:00:00Z","data":{"id":"r1","customerId":"c1","refundedAt":"2099-01-01T00:00:00Z","amount":"1.999","currency":"XXY"}}""";
        ValidationException refused = assertThrows(ValidationException.class, () -> send("m1", body));
        assertEquals(
                List.of("/data/refundedAt", "/data/currency", "/data/amount"),
                refused.fieldErrors().stream().map(FieldError::field).toList());
    }

    /** ECMA-262's {@code $} matches only at the very end: a trailing newline is not a decimal. */
    @Test
    void anAmountWithATrailingNewlineIsAValidationErrorNotACrash() {
        String order = order("o1", "c1", "10.00\\n", "2026-05-01T11:00:00Z");
        ValidationException refused = assertThrows(ValidationException.class, () -> send("m1", order));
        assertEquals(List.of("/data/totalAmount"), fields(refused));

        String refund = """
                {"type":"order.refunded","timestamp":"2026-05-01T12:00:00Z","data":{"id":"r1","customerId":"c1","refundedAt":"2026-05-01T11:00:00Z","amount":"5.00\\n","currency":"USD"}}""";
        ValidationException refusedRefund = assertThrows(ValidationException.class, () -> send("m2", refund));
        assertEquals(List.of("/data/amount"), fields(refusedRefund));
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void controlCharactersInAnyTextFieldAreValidationErrorsListedTogether() {
        String body = """
                {"type":"order.created","timestamp":"2026-05-01T12:00:00Z","data":{"id":"o\\u0000","customerId":"c\\u0001","orderedAt":"2026-04-30T10:00:00Z","totalAmount":"1.00\\n","currency":"USD","kind":"order","updatedAt":"2026-05-01T11:00:00Z"}}""";
        ValidationException refused = assertThrows(ValidationException.class, () -> send("m1", body));
        assertEquals(List.of("/data/id", "/data/customerId", "/data/totalAmount"), fields(refused));

        String customer = customer("customer.created", "c1", "a\\u0000@example.com", "2026-05-01T11:00:00Z")
                .replace("\"Ada\"", "\"A\\u001fda\"");
        ValidationException refusedCustomer = assertThrows(ValidationException.class, () -> send("m2", customer));
        assertEquals(List.of("/data/email", "/data/firstName"), fields(refusedCustomer));
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void anUnknownTypeWithAControlCharacterIsRefusedNotStored() {
        ValidationException refused = assertThrows(
                ValidationException.class, () -> send("m1", "{\"type\":\"invoice\\u0000paid\",\"data\":{}}"));
        assertEquals(List.of("/type"), fields(refused));
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE store_id = :s"));
    }

    @Test
    void aStripeEventIdWithAControlCharacterIsRefused() {
        WebhookSources.Registered stripe = sources.register(tenantId, storeId, "stripe", "Stripe", null, null);
        String body = """
                {"id":"evt_\\u0000","type":"customer.created","timestamp":"2026-05-01T12:00:00Z","data":{"id":"c1","updatedAt":"2026-05-01T11:00:00Z"}}""";
        long ts = clock.instant().getEpochSecond();
        SignedRequest request = new SignedRequest(
                Map.of("Stripe-Signature", TestSigner.stripe(stripe.secret(), ts, body)),
                body.getBytes(StandardCharsets.UTF_8));
        ValidationException refused = assertThrows(
                ValidationException.class, () -> intake.receive(stripe.source().sourceId(), request));
        assertEquals(List.of("/id"), fields(refused));
    }

    private static List<String> fields(ValidationException refused) {
        return refused.fieldErrors().stream().map(FieldError::field).toList();
    }

    @Test
    void rotationKeepsOldAndNewValidUntilTheOldExpiresAndRevocationIsImmediate() {
        WebhookSources.Rotated rotated = sources.addSecret(tenantId, sourceId, Duration.ofHours(1), null, null);
        String newSecret = rotated.secret();

        assertEquals(
                "applied",
                intake.receive(
                                sourceId,
                                signed(
                                        secret,
                                        "a1",
                                        customer("customer.created", "c1", "a@x.io", "2026-05-01T11:00:00Z")))
                        .status());
        assertEquals(
                "applied",
                intake.receive(
                                sourceId,
                                signed(
                                        newSecret,
                                        "a2",
                                        customer("customer.created", "c2", "b@x.io", "2026-05-01T11:00:00Z")))
                        .status());

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThrows(
                SignatureInvalidException.class,
                () -> intake.receive(
                        sourceId,
                        signed(secret, "a3", customer("customer.created", "c3", "c@x.io", "2026-05-01T11:00:00Z"))));
        intake.receive(
                sourceId,
                signed(newSecret, "a4", customer("customer.created", "c4", "d@x.io", "2026-05-01T11:00:00Z")));

        sources.revokeSecret(tenantId, sourceId, rotated.added().secretId());
        assertThrows(
                SignatureInvalidException.class,
                () -> intake.receive(
                        sourceId,
                        signed(newSecret, "a5", customer("customer.created", "c5", "e@x.io", "2026-05-01T11:00:00Z"))));
    }

    @Test
    void anEd25519SourceVerifiesV1a() {
        KeyPair pair = TestSigner.ed25519KeyPair();
        WebhookSources.Registered registered =
                sources.register(tenantId, storeId, "standard-webhooks", "Signed", TestSigner.whpk(pair), null);
        assertNull(registered.secret());
        String body = customer("customer.created", "c1", "a@x.io", "2026-05-01T11:00:00Z");
        long ts = clock.instant().getEpochSecond();
        SignedRequest request = new SignedRequest(
                TestSigner.standardHeaders(TestSigner.standardV1a(pair.getPrivate(), "e1", ts, body), "e1", ts),
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "applied",
                intake.receive(registered.source().sourceId(), request).status());
    }

    @Test
    void aReplayOutsideTheToleranceIsRefused() {
        SignedRequest request =
                signed(secret, "r1", customer("customer.created", "c1", "a@x.io", "2026-05-01T11:00:00Z"));
        clock.advance(Duration.ofMinutes(6));
        assertThrows(TimestampOutOfToleranceException.class, () -> intake.receive(sourceId, request));
    }

    @Test
    void anUnknownSourceIsNotFound() {
        assertThrows(NotFoundException.class, () -> intake.receive("src_nope", signed(secret, "x", "{}")));
    }

    @Test
    void theListShowsNoHmacSecret() {
        WebhookSources.SourceView view = sources.list(tenantId).getFirst();
        assertEquals(sourceId, view.source().sourceId());
        assertEquals("hmac", view.secrets().getFirst().kind());
        assertNull(view.secrets().getFirst().publicKey());
    }
}
