package com.storepulse.webhookintake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.NoCache;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.json.Json;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhooks.TestSigner;
import com.storepulse.webhooks.WebhookSources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge of the intake with API Gateway events, on a real PostgreSQL: raw and base64 bodies,
 * and every refusal as problem+json with a correlation id.
 */
class WebhookIntakeRoutesTest {

    private static final String DATA_KEY = SecretBox.newKey();
    private static WebhookIntakeRoutes routes;
    private static ApiGatewayExchange exchange;
    private static String sourceId;
    private static String secret;

    @BeforeAll
    static void intake() {
        Database database = TestDatabase.shared();
        Settings settings = Settings.of(Map.of(SecretBox.KEY_SETTING, DATA_KEY));
        // the function as deployed: the application role, row-level security on (fixtures: the owner)
        routes = new WebhookIntakeRoutes(WebhookIntakeBeans.create(
                TestDatabase.sharedAsApplication(),
                settings,
                new NoCache(new CacheKeys("sp:")),
                MetricsRecorder.NOOP,
                Clock.systemUTC()));
        exchange = new ApiGatewayExchange(new InvocationScope(PowertoolsMetricsRecorder.create(
                Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseWebhookTest")),
                "webhook-intake")));
        String slug = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        long tenant = database.jdbi()
                .withHandle(h -> h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                        .bind("s", slug)
                        .mapTo(Long.class)
                        .one());
        long store = database.jdbi()
                .withHandle(
                        h -> h.createQuery("INSERT INTO store (tenant_id, name) VALUES (:t, 'S') RETURNING store_id")
                                .bind("t", tenant)
                                .mapTo(Long.class)
                                .one());
        WebhookSources.Registered registered = new WebhookSources(
                        database.jdbi(), SecretBox.fromSettings(settings), Clock.systemUTC())
                .register(tenant, store, "standard-webhooks", "edge", null, null);
        sourceId = registered.source().sourceId();
        secret = registered.secret();
    }

    private static APIGatewayProxyRequestEvent post(
            String source, String body, boolean base64, Map<String, String> headers) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/v1/webhooks/{sourceId}")
                .withPath("/v1/webhooks/" + source)
                .withPathParameters(Map.of("sourceId", source))
                .withHeaders(headers)
                .withIsBase64Encoded(base64)
                .withBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
    }

    private static Map<String, String> signedHeaders(String id, String body) {
        return signedHeaders(secret, id, body);
    }

    private static Map<String, String> signedHeaders(String whsec, String id, String body) {
        return signedHeaders(whsec, id, body, System.currentTimeMillis() / 1000);
    }

    private static Map<String, String> signedHeaders(String whsec, String id, String body, long ts) {
        Map<String, String> headers =
                new HashMap<>(TestSigner.standardHeaders(TestSigner.standardV1(whsec, id, ts, body), id, ts));
        headers.remove("content-type");
        headers.put("Content-Type", "application/json; charset=utf-8");
        return headers;
    }

    private static APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        return exchange.handle(null, event, routes::route);
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.mapper().readTree(response.getBody());
    }

    private static final String EVENT =
            "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"Zoë-1\",\"firstName\":\"Zoë\",\"updatedAt\":\"2026-05-01T11:00:00Z\"}}";

    @Test
    void aBase64EncodedBodyIsVerifiedOverItsDecodedBytes() throws Exception {
        APIGatewayProxyResponseEvent response = send(post(sourceId, EVENT, true, signedHeaders("b64-1", EVENT)));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("applied", body(response).path("status").asText());
        assertEquals("false", response.getHeaders().get(WebhookIntakeRoutes.DUPLICATE_HEADER));

        APIGatewayProxyResponseEvent again = send(post(sourceId, EVENT, false, signedHeaders("b64-1", EVENT)));
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals("true", again.getHeaders().get(WebhookIntakeRoutes.DUPLICATE_HEADER));
    }

    @Test
    void refusalsAreProblemsWithTheirCodes() throws Exception {
        Map<String, String> bad = signedHeaders("x-1", EVENT);
        bad.put("webhook-signature", "v1,AAAA");
        assertProblem(send(post(sourceId, EVENT, false, bad)), 401, "SIGNATURE_INVALID");

        Map<String, String> stale = signedHeaders("x-2", EVENT);
        assertProblem(send(post("src_unknown", EVENT, false, stale)), 404, "NOT_FOUND");

        Map<String, String> text = signedHeaders("x-3", EVENT);
        text.put("Content-Type", "text/plain");
        assertProblem(send(post(sourceId, EVENT, false, text)), 415, "UNSUPPORTED_MEDIA_TYPE");

        String huge = "{\"type\":\"x\",\"pad\":\"" + "a".repeat(WebhookRequests.MAX_BODY_BYTES) + "\"}";
        assertProblem(send(post(sourceId, huge, false, signedHeaders("x-4", huge))), 413, "PAYLOAD_TOO_LARGE");

        String invalid =
                "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"c\"}}";
        APIGatewayProxyResponseEvent refused = send(post(sourceId, invalid, false, signedHeaders("x-5", invalid)));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertEquals(
                "/data/updatedAt",
                body(refused).path("errors").get(0).path("field").asText(),
                refused.getBody());
    }

    /** WEBHOOK_TIMESTAMP_TOLERANCE is the tolerance the function verifies with (5 minutes without it). */
    @Test
    void theToleranceIsTheSetting() throws Exception {
        WebhookIntakeRoutes wide = new WebhookIntakeRoutes(WebhookIntakeBeans.create(
                TestDatabase.shared(),
                Settings.of(Map.of(SecretBox.KEY_SETTING, DATA_KEY, WebhookIntakeBeans.TOLERANCE_SETTING, "PT10M")),
                new NoCache(new CacheKeys("sp:")),
                MetricsRecorder.NOOP,
                Clock.systemUTC()));
        long eightMinutesAgo = Instant.now().minus(Duration.ofMinutes(8)).getEpochSecond();
        String event = EVENT.replace("Zoë-1", "late-1"); // its own customer: the other tests send EVENT
        APIGatewayProxyRequestEvent late =
                post(sourceId, event, false, signedHeaders(secret, "late-1", event, eightMinutesAgo));

        assertProblem(send(late), 401, "TIMESTAMP_OUT_OF_TOLERANCE");
        APIGatewayProxyResponseEvent accepted = exchange.handle(null, late, wide::route);
        assertEquals(200, accepted.getStatusCode(), accepted.getBody());
    }

    /**
     * The intake as deployed rescores the changed customer with the store's current fit, even one
     * 31 days old (a refit due): the refit is the scheduled scoring's, never a request's.
     */
    @Test
    void aDeliveryRescoresItsCustomerWithTheCurrentFitAndNeverRefits() throws Exception {
        Database database = TestDatabase.shared();
        long tenant = database.jdbi()
                .withHandle(h -> h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                        .bind("s", "fit-" + UUID.randomUUID().toString().substring(0, 8))
                        .mapTo(Long.class)
                        .one());
        long store = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'S', 'USD') RETURNING store_id")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
        WebhookSources.Registered source = new WebhookSources(
                        database.jdbi(),
                        SecretBox.fromSettings(Settings.of(Map.of(SecretBox.KEY_SETTING, DATA_KEY))),
                        Clock.systemUTC())
                .register(tenant, store, "standard-webhooks", "fit", null, null);
        Instant longAgo = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        for (int c = 0; c < 5; c++) {
            deliver(source, "seed-" + c, order("o-" + c, "c-" + c, longAgo.plus(Duration.ofDays(c))));
        }
        new StoreScoringService(database.jdbi(), CacheInvalidation.NONE)
                .rescoreStore(store, Instant.now().minus(Duration.ofDays(31)), true);
        long fit = currentFit(database, store);

        deliver(source, "late", order("o-late", "c-1", Instant.now().minusSeconds(60)));

        assertEquals(fit, currentFit(database, store), "a webhook request refitted the store");
        Map<String, Object> score = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT s.frequency, s.model_fit_id FROM customer_score s"
                                + " JOIN dim_customer c ON c.customer_id = s.customer_id"
                                + " WHERE c.store_id = :store AND c.external_id = 'c-1'")
                        .bind("store", store)
                        .mapToMap()
                        .one());
        assertEquals(fit, ((Number) score.get("model_fit_id")).longValue(), score.toString());
        assertEquals(1, ((Number) score.get("frequency")).intValue(), "the new order counted: " + score);
    }

    private static String order(String id, String customer, Instant at) {
        return "{\"type\":\"order.created\",\"timestamp\":\"" + at + "\",\"data\":{\"id\":\"" + id
                + "\",\"customerId\":\"" + customer + "\",\"orderedAt\":\"" + at
                + "\",\"totalAmount\":\"20.00\",\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"" + at
                + "\"}}";
    }

    private static void deliver(WebhookSources.Registered source, String id, String body) throws Exception {
        APIGatewayProxyResponseEvent response =
                send(post(source.source().sourceId(), body, false, signedHeaders(source.secret(), id, body)));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("applied", body(response).path("status").asText(), response.getBody());
    }

    private static long currentFit(Database database, long store) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT max(model_fit_id) FROM model_fit WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(Long.class)
                        .one());
    }

    private static void assertProblem(APIGatewayProxyResponseEvent response, int status, String code) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        JsonNode problem = body(response);
        assertEquals(code, problem.path("code").asText(), response.getBody());
        assertTrue(!problem.path("correlationId").asText().isEmpty(), response.getBody());
    }
}
