package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.fuzz.EventMutations;
import com.storepulse.fuzz.EventMutations.FuzzEvent;
import com.storepulse.fuzz.EventMutations.Seed;
import com.storepulse.fuzz.FuzzTally;
import com.storepulse.fuzz.FuzzTally.Kind;
import com.storepulse.fuzz.FuzzTally.Violation;
import com.storepulse.fuzz.FuzzValues;
import com.storepulse.fuzz.Leaks;
import com.storepulse.fuzz.ProblemAnswers;
import com.storepulse.fuzz.WriteLog;
import com.storepulse.json.Json;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import com.storepulse.webhooks.EventSchemas;
import com.storepulse.webhooks.TestSigner;
import com.storepulse.webhooks.WebhookSources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 15's fuzz suite for webhook-intake: deliveries to a source of every scheme (Standard
 * Webhooks v1 HMAC and v1a Ed25519, Shopify, Stripe) and to sources that do not exist, of every
 * event type and unknown ones, with a field of the event fuzzed, signed as the scheme signs and
 * then mutated (headers dropped or edited, signatures of another key or scheme, timestamps out of
 * tolerance or not numbers, the body changed after signing, the base64 flag wrong, content types),
 * through the real {@link WebhookIntakeHandler} as Lambda calls it, on PostgreSQL and Redis.
 * Fixed seed, bounded count (junit-platform.properties; bench/fuzz/run.sh runs more). For every
 * answer: no 5xx; every error problem+json with a code and the correlation id; no stack trace,
 * exception class, SQL or secret in the answer, no secret in a log line; nothing written on a
 * refusal.
 */
class WebhookIntakeFuzzTest {

    private static final String DATA_KEY = SecretBox.newKey();
    private static final String SUPPRESSION_KEY = SubjectHashes.newKey();
    private static final FuzzTally TALLY = new FuzzTally("webhook-intake");
    private static final Map<String, String> PREVIOUS = new LinkedHashMap<>();
    /** What no answer and no log line may show, by label. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    /** Every delivery its own event and customer ids, so most are applied rather than duplicates. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static WebhookIntakeHandler handler;
    private static WriteLog writes;
    private static CapturedLogs logs;
    private static final Map<String, Source> SOURCES = new LinkedHashMap<>();
    private static KeyPair ed25519;
    private static KeyPair otherEd25519;

    /** A registered source: its scheme (as the fuzzer names it), id and signing secret (null for v1a). */
    record Source(String scheme, String sourceId, String secret) {}

    @BeforeContainer
    static void start() {
        Database database = TestDatabase.shared();
        set("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        set("REDIS_URL", TestRedis.url());
        set("CACHE_KEY_PREFIX", "sp-whfuzz-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        set("CACHE_TIMEOUT", "PT1S");
        set("CACHE_CONNECT_TIMEOUT", "PT1S");
        set(SecretBox.KEY_SETTING, DATA_KEY);
        set("SUPPRESSION_HASH_KEY", SUPPRESSION_KEY);
        handler = new WebhookIntakeHandler();
        long tenant = database.jdbi()
                .withHandle(h -> h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                        .bind("s", "whfuzz-" + UUID.randomUUID().toString().substring(0, 8))
                        .mapTo(Long.class)
                        .one());
        long store = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'Fuzz', 'USD') RETURNING store_id")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
        WebhookSources sources = new WebhookSources(
                database.jdbi(),
                SecretBox.fromSettings(Settings.of(Map.of(SecretBox.KEY_SETTING, DATA_KEY))),
                Clock.systemUTC());
        ed25519 = TestSigner.ed25519KeyPair();
        otherEd25519 = TestSigner.ed25519KeyPair();
        register(sources.register(tenant, store, "standard-webhooks", "fuzz v1", null, null), "v1");
        register(
                sources.register(tenant, store, "standard-webhooks", "fuzz v1a", TestSigner.whpk(ed25519), null),
                "v1a");
        register(sources.register(tenant, store, "shopify", "fuzz shopify", null, null), "shopify");
        register(sources.register(tenant, store, "stripe", "fuzz stripe", null, null), "stripe");
        SECRETS.put("the data key", DATA_KEY);
        SECRETS.put("the suppression hash key", SUPPRESSION_KEY);
        writes = WriteLog.install(database);
        logs = new CapturedLogs();
    }

    private static void register(WebhookSources.Registered registered, String scheme) {
        SOURCES.put(scheme, new Source(scheme, registered.source().sourceId(), registered.secret()));
        if (registered.secret() != null) {
            SECRETS.put("the " + scheme + " source's secret", registered.secret());
            if (registered.secret().startsWith("whsec_")) {
                SECRETS.put(
                        "the " + scheme + " source's key", registered.secret().substring("whsec_".length()));
            }
        }
    }

    private static void set(String key, String value) {
        PREVIOUS.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @AfterContainer
    static void stop() {
        List<Throwable> failures = new ArrayList<>();
        try {
            close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        for (FuzzTally tally : List.of(TALLY, EVENT_TALLY)) {
            try {
                tally.finish();
            } catch (AssertionError e) {
                failures.add(e);
            }
        }
        try {
            everySchemeAcceptedEveryType();
        } catch (AssertionError e) {
            failures.add(e);
        }
        FuzzTally.throwAll(failures);
    }

    private static void close() {
        if (logs != null) {
            logs.close();
        }
        if (writes != null) {
            writes.close();
        }
        if (handler != null) {
            handler.close();
        }
        PREVIOUS.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /**
     * Every scheme accepted (2xx) every event type at least once in the run: a handler that refused
     * every delivery would otherwise pass every property of {@link #everyAnswerIsSafe}, which only
     * looks at what a refusal answers.
     */
    private static void everySchemeAcceptedEveryType() {
        if (TALLY.cases() == 0) {
            return; // the property did not run (another test of the class was picked)
        }
        List<String> never = new ArrayList<>();
        for (String scheme : SOURCES.keySet()) {
            for (String type : EventSchemas.TYPES) {
                if (ACCEPTED.getOrDefault(scheme + " " + type, 0L) == 0) {
                    never.add(scheme + " " + type);
                }
            }
        }
        System.out.println("webhook-intake accepted deliveries by scheme and type: " + ACCEPTED);
        if (!never.isEmpty()) {
            throw new AssertionError("scheme and event type never accepted in " + TALLY.cases() + " cases: " + never);
        }
    }

    /** Accepted (2xx) deliveries of a known event type to a registered source, by "scheme type". */
    private static final Map<String, Long> ACCEPTED = new java.util.TreeMap<>();

    /**
     * A valid delivery, signed as its scheme signs and not mutated, is accepted, for every scheme and
     * every event type: the fuzz property's refusals count only if the function takes what is valid.
     */
    @Example
    void anUnmutatedDeliveryIsAcceptedForEverySchemeAndType() {
        List<String> refused = new ArrayList<>();
        for (String scheme : SOURCES.keySet()) {
            for (String type : EventSchemas.TYPES) {
                Delivery delivery = new Delivery(scheme, type, "", "", "none", "raw", "application/json");
                APIGatewayProxyResponseEvent response = handler.handleRequest(
                        event(delivery, SEQUENCE.incrementAndGet()),
                        LambdaContextStandIn.of(
                                "webhook-intake", UUID.randomUUID().toString()));
                if (response.getStatusCode() < 200 || response.getStatusCode() >= 300) {
                    refused.add(scheme + " " + type + " answered " + response.getStatusCode() + " "
                            + FuzzValues.shown(response.getBody()));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new AssertionError("valid deliveries refused: " + refused);
        }
    }

    /**
     * One delivery: to which source (a scheme, or a source that does not exist), the event (its
     * type and a field changed), what is done to the signed request, and how API Gateway hands the
     * body over. {@code toString} is what a failure prints.
     */
    record Delivery(
            String source, String type, String field, String value, String tamper, String base64, String contentType) {}

    @Property(seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void everyAnswerIsSafe(@ForAll("deliveries") Delivery delivery) {
        long n = SEQUENCE.incrementAndGet();
        if (delivery.tamper().equals("deliver twice")) {
            handler.handleRequest(
                    event(delivery, n),
                    LambdaContextStandIn.of("webhook-intake", UUID.randomUUID().toString()));
        }
        APIGatewayProxyRequestEvent event = event(delivery, n);
        logs.take();
        long before = writes.position();
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                event,
                LambdaContextStandIn.of("webhook-intake", UUID.randomUUID().toString()));
        int status = response.getStatusCode();
        String body = response.getBody() == null ? "" : response.getBody();
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        List<Violation> broken = new ArrayList<>();
        if (status >= 500) {
            broken.add(new Violation(Kind.FAILURE, "a " + status));
        }
        if (status >= 400) {
            String why = ProblemAnswers.problemError(headers, body);
            if (why != null) {
                broken.add(new Violation(Kind.NOT_PROBLEM, why));
            }
            List<String> written = writes.since(before);
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        }
        broken.addAll(Leaks.inAnswer(ProblemAnswers.withoutInstance(body) + "\n" + headers, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), SECRETS));
        if (status >= 200
                && status < 300
                && SOURCES.containsKey(delivery.source())
                && EventSchemas.TYPES.contains(delivery.type())) {
            synchronized (ACCEPTED) {
                ACCEPTED.merge(delivery.source() + " " + delivery.type(), 1L, Long::sum);
            }
        }
        TALLY.count(
                FuzzValues.shown(delivery.toString()) + " answered " + status + " " + FuzzValues.shown(body),
                status >= 400,
                broken);
    }

    // ------------------------------------------------------------------ the API Gateway event

    private static final FuzzTally EVENT_TALLY = new FuzzTally("webhook-intake-event");
    /** Fixed, not the module's count: the event's structure has few fields, the deliveries above fuzz the rest. */
    private static final int EVENT_CASES = 200;

    private static final PojoSerializer<APIGatewayProxyRequestEvent> API_EVENTS = LambdaEventSerializers.serializerFor(
            APIGatewayProxyRequestEvent.class, WebhookIntakeFuzzTest.class.getClassLoader());

    /**
     * The API Gateway event itself fuzzed: the repository's samples (events/webhook-intake-*.json)
     * and AWS's REST (payload 1.0) samples, their structure mutated ({@link EventMutations}: the
     * request context, headers, multi-value headers, path parameters, body, base64 flag, resource or
     * method removed, null or of another type), read by the Lambda runtime's own deserializer and
     * handed to the handler as the runtime would (an event it cannot read never reaches the
     * handler). The same properties as {@link #everyAnswerIsSafe}.
     */
    @Property(tries = EVENT_CASES, seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void everyApiGatewayEventIsAnsweredSafely(@ForAll("apiEvents") FuzzEvent fuzzed) {
        logs.take();
        long before = writes.position();
        List<Violation> broken = new ArrayList<>();
        APIGatewayProxyRequestEvent event;
        try {
            event = API_EVENTS.fromJson(new ByteArrayInputStream(fuzzed.bytes()));
        } catch (RuntimeException e) {
            EVENT_TALLY.count(FuzzValues.shown(fuzzed.toString()) + " not deserialized", true, broken);
            return;
        }
        int status;
        String body;
        Map<String, String> headers;
        try {
            APIGatewayProxyResponseEvent response = handler.handleRequest(
                    event,
                    LambdaContextStandIn.of("webhook-intake", UUID.randomUUID().toString()));
            status = response.getStatusCode();
            body = response.getBody() == null ? "" : response.getBody();
            headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        } catch (RuntimeException e) {
            status = 502; // what API Gateway answers for a function that failed
            body = String.valueOf(e);
            headers = Map.of();
            broken.add(new Violation(Kind.FAILURE, "escaped: " + FuzzValues.shown(String.valueOf(e))));
        }
        if (status >= 500 && broken.isEmpty()) {
            broken.add(new Violation(Kind.FAILURE, "a " + status));
        }
        if (status >= 400) {
            String why = ProblemAnswers.problemError(headers, body);
            if (why != null) {
                broken.add(new Violation(Kind.NOT_PROBLEM, why));
            }
            List<String> written = writes.since(before);
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        }
        broken.addAll(Leaks.inAnswer(ProblemAnswers.withoutInstance(body) + "\n" + headers, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), SECRETS));
        EVENT_TALLY.count(
                FuzzValues.shown(fuzzed.toString()) + " answered " + status + " " + FuzzValues.shown(body),
                status >= 400,
                broken);
    }

    @Provide
    Arbitrary<FuzzEvent> apiEvents() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("webhook-intake-"));
        List<Seed> aws = EventMutations.awsSamples("apigw_rest_event.json", "apigw-request.json");
        if (aws.isEmpty()) {
            System.out.println("webhook-intake-event: ../shared/corpora/aws-events is absent, so AWS's API Gateway"
                    + " samples are left out (the repository's events only)");
        }
        seeds.addAll(aws);
        return EventMutations.of(seeds);
    }

    // ------------------------------------------------------------------ generators

    private static final List<String> TAMPERS = List.of(
            "drop the signature",
            "drop the id",
            "drop the timestamp",
            "flip a signature character",
            "sign with another key",
            "sign as another scheme",
            "timestamp 10 minutes old",
            "timestamp 10 minutes ahead",
            "timestamp not a number",
            "timestamp huge",
            "an empty id",
            "an id of 300 characters",
            "an id with a NUL",
            "the body changed after signing",
            "a second signature that is garbage",
            "signature not base64",
            "deliver twice");

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<String> source = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.of(new ArrayList<>(SOURCES.keySet()))),
                Tuple.of(1, Arbitraries.oneOf(Arbitraries.of("src_unknown", "", "src_\u0000"), FuzzValues.text())));
        List<String> types = new ArrayList<>(EventSchemas.TYPES);
        Arbitrary<String> type = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(types)),
                Tuple.of(1, Arbitraries.of("customer.merged", "order.created ", "ORDER.CREATED", "")),
                Tuple.of(1, FuzzValues.text()));
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("")),
                Tuple.of(
                        6,
                        Arbitraries.of(
                                "id",
                                "type",
                                "timestamp",
                                "data",
                                "data.id",
                                "data.customerId",
                                "data.email",
                                "data.firstName",
                                "data.updatedAt",
                                "data.createdAt",
                                "data.deletedAt",
                                "data.orderedAt",
                                "data.totalAmount",
                                "data.amount",
                                "data.currency",
                                "data.kind",
                                "data.refundedAt",
                                "data.extra")),
                Tuple.of(1, FuzzValues.text()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("(removed)")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "\"-1.00\"",
                                "\"1.001\"",
                                "\"1e3\"",
                                "10.5",
                                "\"999999999999.99\"",
                                "\"1000000000000\"",
                                "\"EUR\"",
                                "\"usd\"",
                                "\"XXX\"",
                                "\"return\"",
                                "\"gift\"",
                                "\"a@b@c\"",
                                "\"2999-01-01T00:00:00Z\"",
                                "\"1999-12-31T23:59:59Z\"",
                                "\"2026-05-01T12:00:00\"",
                                "\"" + "x".repeat(129) + "\"")),
                Tuple.of(6, FuzzValues.jsonValues()));
        Arbitrary<String> tamper =
                Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("none")), Tuple.of(8, Arbitraries.of(TAMPERS)));
        Arbitrary<String> base64 = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("raw")),
                Tuple.of(3, Arbitraries.just("base64")),
                Tuple.of(1, Arbitraries.of("flag without encoding", "encoded without the flag", "invalid base64")));
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("application/json")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "application/json; charset=utf-8",
                                "APPLICATION/JSON",
                                "application/cloudevents+json",
                                "text/plain",
                                "application/x-www-form-urlencoded",
                                "(none)",
                                "")));
        return Combinators.combine(source, type, field, value, tamper, base64, contentType)
                .as(Delivery::new);
    }

    // ------------------------------------------------------------------ the request

    private static String now() {
        return java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
    }

    /** A valid event of {@code type} (an unknown type gets a customer's data). */
    private static ObjectNode event(String type, long n) {
        String at = now();
        String data = switch (type) {
            case "customer.deleted" -> "{\"id\":\"fz-c" + n + "\",\"deletedAt\":\"" + at + "\"}";
            case "order.created", "order.updated" ->
                "{\"id\":\"fz-o" + n + "\",\"customerId\":\"fz-c" + n + "\",\"orderedAt\":\"" + at
                        + "\",\"totalAmount\":\"59.90\",\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\""
                        + at + "\"}";
            case "order.refunded" ->
                "{\"id\":\"fz-r" + n + "\",\"customerId\":\"fz-c" + n + "\",\"refundedAt\":\"" + at
                        + "\",\"amount\":\"19.90\",\"currency\":\"USD\"}";
            default ->
                "{\"id\":\"fz-c" + n + "\",\"email\":\"fz" + n
                        + "@example.com\",\"firstName\":\"Zo\u00eb\",\"lastName\":\"Fuzz\",\"createdAt\":\"" + at
                        + "\",\"updatedAt\":\"" + at + "\"}";
        };
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("id", "evt_fz" + n);
        event.put("type", type);
        event.put("timestamp", at);
        event.set("data", parse(data));
        return event;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static String body(Delivery d, long n) {
        ObjectNode event = event(d.type(), n);
        if (!d.field().isEmpty()) {
            ObjectNode parent = event;
            String name = d.field();
            if (name.startsWith("data.") && event.get("data") instanceof ObjectNode data) {
                parent = data;
                name = name.substring("data.".length());
            }
            if (d.value().equals("(removed)")) {
                parent.remove(name);
            } else {
                parent.set(name, parse(d.value()));
            }
        }
        return Json.write(event);
    }

    private static APIGatewayProxyRequestEvent event(Delivery d, long n) {
        Source source = SOURCES.get(d.source());
        String sourceId = source == null ? d.source() : source.sourceId();
        String scheme = source == null ? "v1" : source.scheme();
        String body = body(d, n);
        long ts = System.currentTimeMillis() / 1000;
        switch (d.tamper()) {
            case "timestamp 10 minutes old" -> ts -= 600;
            case "timestamp 10 minutes ahead" -> ts += 600;
            default -> {}
        }
        String id = "msg_fz" + n;
        String signedAs = d.tamper().equals("sign as another scheme")
                ? switch (scheme) {
                    case "shopify" -> "stripe";
                    case "stripe" -> "v1";
                    default -> "shopify";
                }
                : scheme;
        boolean otherKey = d.tamper().equals("sign with another key");
        String secret = source == null || source.secret() == null
                ? "whsec_" + Base64.getEncoder().encodeToString(new byte[24])
                : source.secret();
        if (otherKey) {
            secret = secret.startsWith("whsec_")
                    ? "whsec_" + Base64.getEncoder().encodeToString(new byte[32])
                    : "another-secret-of-16-chars-at-least";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        switch (signedAs) {
            case "v1a" -> {
                String signature =
                        TestSigner.standardV1a((otherKey ? otherEd25519 : ed25519).getPrivate(), id, ts, body);
                headers.putAll(TestSigner.standardHeaders(signature, id, ts));
            }
            case "shopify" -> {
                headers.put("X-Shopify-Hmac-Sha256", TestSigner.shopify(secret, body));
                headers.put("X-Shopify-Webhook-Id", id);
                headers.put("X-Shopify-Topic", d.type());
            }
            case "stripe" -> headers.put("Stripe-Signature", TestSigner.stripe(secret, ts, body));
            default -> {
                String whsec = secret.startsWith("whsec_")
                        ? secret
                        : "whsec_" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
                headers.putAll(TestSigner.standardHeaders(TestSigner.standardV1(whsec, id, ts, body), id, ts));
            }
        }
        headers.remove("content-type");
        tamper(headers, d.tamper());
        if (d.tamper().equals("the body changed after signing")) {
            body = body + " ";
        }
        if (!d.contentType().equals("(none)")) {
            headers.put("Content-Type", d.contentType());
        }
        headers.put("User-Agent", "storepulse-fuzz");
        String sent = body;
        boolean flag = false;
        switch (d.base64()) {
            case "base64" -> {
                sent = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
                flag = true;
            }
            case "flag without encoding" -> flag = true;
            case "encoded without the flag" ->
                sent = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
            case "invalid base64" -> {
                sent = "%%%" + body;
                flag = true;
            }
            default -> {}
        }
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        String path = "/v1/webhooks/" + sourceId;
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/v1/webhooks/{sourceId}")
                .withPath(path)
                .withPathParameters(Map.of("sourceId", sourceId))
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttpMethod("POST")
                        .withResourcePath("/v1/webhooks/{sourceId}")
                        .withPath("/prod" + path)
                        .withStage("prod")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("192.0.2.20")))
                .withIsBase64Encoded(flag)
                .withBody(sent);
    }

    private static final List<String> SIGNATURE_HEADERS =
            List.of("webhook-signature", "X-Shopify-Hmac-Sha256", "Stripe-Signature");

    private static void tamper(Map<String, String> headers, String how) {
        switch (how) {
            case "drop the signature" -> SIGNATURE_HEADERS.forEach(headers::remove);
            case "drop the id" -> {
                headers.remove("webhook-id");
                headers.remove("X-Shopify-Webhook-Id");
            }
            case "drop the timestamp" -> headers.remove("webhook-timestamp");
            case "flip a signature character" ->
                SIGNATURE_HEADERS.forEach(h -> headers.computeIfPresent(h, (k, v) -> {
                    int i = v.length() - 3;
                    return i < 0 ? v : v.substring(0, i) + (v.charAt(i) == 'A' ? 'B' : 'A') + v.substring(i + 1);
                }));
            case "timestamp not a number" -> headers.computeIfPresent("webhook-timestamp", (k, v) -> "soon");
            case "timestamp huge" -> {
                headers.computeIfPresent("webhook-timestamp", (k, v) -> "99999999999999999999");
                headers.computeIfPresent(
                        "Stripe-Signature", (k, v) -> v.replaceFirst("t=\\d+", "t=99999999999999999999"));
            }
            case "an empty id" -> {
                headers.computeIfPresent("webhook-id", (k, v) -> "");
                headers.computeIfPresent("X-Shopify-Webhook-Id", (k, v) -> "");
            }
            case "an id of 300 characters" -> {
                headers.computeIfPresent("webhook-id", (k, v) -> "i".repeat(300));
                headers.computeIfPresent("X-Shopify-Webhook-Id", (k, v) -> "i".repeat(300));
            }
            case "an id with a NUL" -> {
                headers.computeIfPresent("webhook-id", (k, v) -> v + "\u0000");
                headers.computeIfPresent("X-Shopify-Webhook-Id", (k, v) -> v + "\u0000");
            }
            case "a second signature that is garbage" -> {
                headers.computeIfPresent("webhook-signature", (k, v) -> "v1,!!!! " + v);
                headers.computeIfPresent("Stripe-Signature", (k, v) -> v + ",v1=zz");
            }
            case "signature not base64" ->
                SIGNATURE_HEADERS.forEach(h -> headers.computeIfPresent(h, (k, v) -> "v1,\u00e9\u0000"));
            default -> {}
        }
    }
}
