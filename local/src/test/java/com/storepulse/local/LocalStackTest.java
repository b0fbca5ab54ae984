package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.ApiKeys;
import com.storepulse.config.SecretResolver;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.json.Json;
import com.storepulse.local.http.Routes;
import com.storepulse.local.testfunctions.EchoHandler;
import com.storepulse.local.testfunctions.MapEchoHandler;
import com.storepulse.local.testfunctions.ThrowingHandler;
import com.storepulse.sync.SyncSources;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack in-process on a free port, with test handlers beside the StorePulse ones. */
class LocalStackTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder(config(Map.of()))
                .function("echo", EchoHandler.class.getName())
                .function("map-echo", MapEchoHandler.class.getName())
                .function("thrower", ThrowingHandler.class.getName())
                .route(new Routes.Route("/echo", "echo", List.of("/echo/items/{itemId}", "/echo/{proxy+}")))
                .route(new Routes.Route("/broken", "thrower", List.of()))
                .route(new Routes.Route("/not-a-proxy-response", "map-echo", List.of()))
                .output(new PrintStream(OUTPUT, true, StandardCharsets.UTF_8))
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static LocalStackConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "PORT", "0",
                "DATABASE_URL", TestDatabase.sharedJdbcUrl(),
                "EMBEDDED_REDIS", "false",
                "FUNCTION_TIMEOUT", "PT20S",
                "LOCAL_QUEUE_RETRY_DELAY", "PT0.2S"));
        values.putAll(extra);
        // the functions as deployed: the application role, row-level security on
        values.putIfAbsent("FUNCTIONS_DATABASE_URL", TestDatabase.asApplication(values.get("DATABASE_URL")));
        return LocalStackConfig.from(Settings.of(values));
    }

    @Test
    void theHandlerSeesTheProxyEventApiGatewayWouldSend() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/echo/items/42?tag=a&tag=b&single=x%20y&flag"))
                        .header("X-Custom", "v1")
                        .header("x-lower-case", "v2")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals("yes", response.headers().firstValue("X-Echo").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), response.headers().allValues("Set-Cookie"));
        JsonNode seen = Json.mapper().readTree(response.body());
        assertEquals("GET", seen.get("httpMethod").asText());
        assertEquals("/echo/items/42", seen.get("path").asText());
        assertEquals("/echo/items/{itemId}", seen.get("resource").asText());
        assertEquals("42", seen.at("/pathParameters/itemId").asText());
        assertEquals("b", seen.at("/queryStringParameters/tag").asText(), "single-value map keeps the last value");
        assertEquals("x y", seen.at("/queryStringParameters/single").asText());
        assertEquals("", seen.at("/queryStringParameters/flag").asText());
        assertEquals(
                List.of("a", "b"),
                List.of(
                        seen.at("/multiValueQueryStringParameters/tag/0").asText(),
                        seen.at("/multiValueQueryStringParameters/tag/1").asText()));
        assertEquals("v1", seen.at("/headers/X-Custom").asText());
        assertEquals("v2", seen.at("/headers/X-Lower-Case").asText());
        assertEquals("v1", seen.at("/multiValueHeaders/X-Custom/0").asText());
        assertEquals("127.0.0.1", seen.at("/headers/X-Forwarded-For").asText());
        assertTrue(seen.get("bodyIsNull").asBoolean());
        assertFalse(seen.get("isBase64Encoded").asBoolean());
        assertEquals("local", seen.get("stage").asText());
        assertTrue(
                seen.get("requestId").asText().matches("[0-9a-f-]{36}"),
                seen.get("requestId").asText());
        assertTrue(seen.get("requestTimeEpoch").asLong() > 0);
        assertEquals("127.0.0.1", seen.get("sourceIp").asText());
        assertEquals("echo", seen.get("functionName").asText());
        assertTrue(seen.get("remainingMillis").asInt() > 0);
    }

    @Test
    void withoutAQueryStringBothQueryMapsAreNullAndUnmatchedTemplatesUseThePath() throws Exception {
        JsonNode seen = Json.mapper().readTree(get("/echo").body());
        assertTrue(seen.get("queryIsNull").asBoolean());
        assertEquals("/echo", seen.get("resource").asText());
        assertTrue(seen.get("pathParametersIsNull").asBoolean());

        JsonNode proxied = Json.mapper().readTree(get("/echo/a/b/c").body());
        assertEquals("/echo/{proxy+}", proxied.get("resource").asText());
        assertEquals("a/b/c", proxied.at("/pathParameters/proxy").asText());
    }

    @Test
    void binaryBodiesTravelAsBase64AndTextBodiesAsIs() throws Exception {
        byte[] binary = {(byte) 0xff, 0, 1, (byte) 0x80, 'x'};
        JsonNode seen = Json.mapper()
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(uri("/echo/upload"))
                                        .header("Content-Type", "application/octet-stream")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(binary))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        assertTrue(seen.get("isBase64Encoded").asBoolean());
        assertArrayEquals(binary, Base64.getDecoder().decode(seen.get("body").asText()));
        assertEquals("POST", seen.get("httpMethod").asText());

        JsonNode text = Json.mapper()
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(uri("/echo/upload"))
                                        .header("Content-Type", "application/json; charset=utf-8")
                                        .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Zoë\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        assertFalse(text.get("isBase64Encoded").asBoolean());
        assertEquals("{\"name\":\"Zoë\"}", text.get("body").asText());
    }

    @Test
    void base64ResponseBodiesAreDecoded() throws Exception {
        HttpResponse<byte[]> response =
                HTTP.send(HttpRequest.newBuilder(uri("/echo/binary")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, response.body());
        assertEquals(
                "application/octet-stream",
                response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void invokeApiReturnsTheResultOfAWarmInstance() throws Exception {
        HttpResponse<String> first =
                invoke("map-echo", "{\"a\":1,\"b\":[true,null]}", Map.of("X-Amz-Log-Type", "Tail"));
        assertEquals(200, first.statusCode());
        assertEquals(
                "$LATEST", first.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
        assertTrue(first.headers().firstValue("X-Amz-Function-Error").isEmpty());
        JsonNode result = Json.mapper().readTree(first.body());
        assertEquals(1, result.at("/received/a").asInt());
        assertTrue(result.at("/received/b/1").isNull());
        assertEquals("map-echo", result.get("function").asText());
        assertEquals(
                first.headers().firstValue("x-amzn-RequestId").orElseThrow(),
                result.get("requestId").asText());
        String logTail = new String(
                Base64.getDecoder()
                        .decode(first.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
                StandardCharsets.UTF_8);
        assertTrue(logTail.contains("map handler saw"), logTail);

        int instances = MapEchoHandler.INSTANCES.get();
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:map-echo:$LATEST";
        HttpResponse<String> second = invoke(URLEncoder.encode(arn, StandardCharsets.UTF_8), "{\"a\":2}", Map.of());
        assertEquals(200, second.statusCode());
        assertEquals(2, Json.mapper().readTree(second.body()).at("/received/a").asInt());
        assertEquals(instances, MapEchoHandler.INSTANCES.get(), "the warm instance is reused");
    }

    @Test
    void aThrowingHandlerGivesLambdasUnhandledError() throws Exception {
        HttpResponse<String> response = invoke("thrower", "{\"reason\":\"test\"}", Map.of());
        assertEquals(200, response.statusCode());
        assertEquals(
                "Unhandled",
                response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        JsonNode error = Json.mapper().readTree(response.body());
        assertEquals("boom: test", error.get("errorMessage").asText());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
        assertTrue(
                error.get("stackTrace").isArray()
                        && error.get("stackTrace").get(0).asText().contains("ThrowingHandler"),
                error.toString());

        HttpResponse<String> viaHttp = get("/broken");
        assertEquals(502, viaHttp.statusCode());
        assertEquals(
                "application/problem+json",
                viaHttp.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(viaHttp.body().contains("ThrowingHandler.java"), "no stack trace to the client");
    }

    @Test
    void unknownFunctionsAreLambdasResourceNotFound() throws Exception {
        for (String name : List.of("no-such-function")) {
            HttpResponse<String> response = invoke(name, "{}", Map.of());
            assertEquals(404, response.statusCode());
            assertEquals(
                    "ResourceNotFoundException",
                    response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            JsonNode body = Json.mapper().readTree(response.body());
            assertEquals("User", body.get("Type").asText());
            assertEquals(
                    "Function not found: arn:aws:lambda:us-east-1:000000000000:function:" + name,
                    body.get("message").asText());
        }
    }

    /**
     * The sample scheduled event syncs the demo source for real: the tick queues its message on the
     * in-process queue, which hands it back to azure-sync, whose run brings the source's latest
     * change (made here, as the demo source's timer would) into the store.
     */
    @Test
    void theScheduledEventSyncsTheDemoSourceThroughTheInProcessQueue() throws Exception {
        var source = stack.demoSyncSource().orElseThrow(() -> new AssertionError("no demo sync source"));
        source.change();
        long before = lastRun(source.sourceId());
        byte[] tick = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../events/azure-sync-scheduled.json"));
        HttpResponse<String> response = invoke("azure-sync", new String(tick, StandardCharsets.UTF_8), Map.of());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty(), response.body());
        JsonNode fanOut = Json.mapper().readTree(response.body());
        assertTrue(fanOut.path("sourceIds").toString().contains(Long.toString(source.sourceId())), response.body());

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status = stack.database()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT status FROM sync_run WHERE sync_source_id = :id AND sync_run_id > :before"
                                            + " ORDER BY sync_run_id DESC LIMIT 1")
                            .bind("id", source.sourceId())
                            .bind("before", before)
                            .mapTo(String.class)
                            .findOne()
                            .orElse(null));
            if ("completed".equals(status)) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("completed", status, "the queued run of the demo source");
        long changed = stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM dim_customer WHERE external_id LIKE 'demo-sync-%'")
                        .mapTo(Long.class)
                        .one());
        assertTrue(changed >= 1, "the demo source's new customer arrived");
        assertTrue(
                stack.syncQueue().deadLetters().stream().noneMatch(names(source.sourceId())),
                "the demo source's message never gave up: " + stack.syncQueue().deadLetters());
    }

    /**
     * A source whose database cannot be reached fails each of its three receives and ends in the
     * queue's dead-letter list, while the demo source, queued by the same tick, completes.
     */
    @Test
    void aPoisonSourceEndsInTheDeadLettersWhileTheDemoSourceCompletes() throws Exception {
        var demo = stack.demoSyncSource().orElseThrow(() -> new AssertionError("no demo sync source"));
        long[] tenantAndStore = stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT tenant_id, store_id FROM sync_source WHERE sync_source_id = :id")
                        .bind("id", demo.sourceId())
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .one());
        SyncSources sources = new SyncSources(
                stack.database().jdbi(),
                SecretBox.fromSettings(Settings.of(Map.of())),
                SecretResolver.NONE,
                java.time.Clock.systemUTC());
        long poison = sources.register(
                        tenantAndStore[0],
                        tenantAndStore[1],
                        "jdbc:h2:mem:storepulse-no-such-source;IFEXISTS=TRUE",
                        "sa",
                        null,
                        Map.of(),
                        "modifiedAt")
                .id();
        try {
            demo.change();
            long before = Math.max(lastRun(demo.sourceId()), lastRun(poison));
            byte[] tick =
                    java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../events/azure-sync-scheduled.json"));
            HttpResponse<String> response = invoke("azure-sync", new String(tick, StandardCharsets.UTF_8), Map.of());
            assertEquals(200, response.statusCode(), response.body());

            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && stack.syncQueue().deadLetters().stream().noneMatch(names(poison))) {
                Thread.sleep(200);
            }
            assertTrue(
                    stack.syncQueue().deadLetters().stream().anyMatch(names(poison)),
                    "the poison source's message is dead-lettered: "
                            + stack.syncQueue().deadLetters());
            assertEquals(
                    List.of("failed", "failed", "failed"), runStatuses(poison, before), "one failed run per receive");
            assertEquals(List.of("completed"), runStatuses(demo.sourceId(), before), "the demo source's run");
        } finally {
            sources.delete(tenantAndStore[0], poison);
        }
    }

    private static java.util.function.Predicate<String> names(long sourceId) {
        return body ->
                body.contains("\"sourceId\":" + sourceId + ",") || body.contains("\"sourceId\":" + sourceId + "}");
    }

    private static List<String> runStatuses(long sourceId, long afterRun) {
        return stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT status FROM sync_run WHERE sync_source_id = :id AND sync_run_id > :after"
                                        + " ORDER BY sync_run_id")
                        .bind("id", sourceId)
                        .bind("after", afterRun)
                        .mapTo(String.class)
                        .list());
    }

    private static long lastRun(long sourceId) {
        return stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(max(sync_run_id), 0) FROM sync_run WHERE sync_source_id = :id")
                        .bind("id", sourceId)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void invocationTypesAndBadPayloads() throws Exception {
        assertEquals(
                202,
                invoke("map-echo", "{}", Map.of("X-Amz-Invocation-Type", "Event"))
                        .statusCode());
        assertEquals(
                204,
                invoke("map-echo", "{}", Map.of("X-Amz-Invocation-Type", "DryRun"))
                        .statusCode());
        HttpResponse<String> bad = invoke("map-echo", "{not json", Map.of());
        assertEquals(400, bad.statusCode());
        assertEquals(
                "InvalidRequestContentException",
                bad.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void aResponseWithoutStatusCodeIsAMalformedProxyResponse() throws Exception {
        HttpResponse<String> response = get("/not-a-proxy-response");
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("malformed Lambda proxy response"), response.body());
    }

    @Test
    void theRealCustomerApiAnswersHealthAndTheDemoKeyReadsTheDemoStores() throws Exception {
        assertEquals(
                "customer-api",
                Routes.storePulse().match("/health").orElseThrow().function());
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("up", Json.mapper().readTree(health.body()).get("database").asText());

        // A key of its own: another test here restarts the stack with a fixed demo key, which
        // revokes the earlier one.
        ApiKeys.GeneratedKey key = ApiKeys.generate();
        stack.database()
                .jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes)"
                                        + " SELECT tenant_id, :p, :h, 'local-stack-test', '{stores:read}' FROM store ORDER BY store_id LIMIT 1")
                        .bind("p", key.prefix())
                        .bind("h", key.hash())
                        .execute());
        HttpResponse<String> stores = HTTP.send(
                HttpRequest.newBuilder(uri("/v1/stores"))
                        .header("x-api-key", key.key())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stores.statusCode(), stores.body());
        assertTrue(Json.mapper().readTree(stores.body()).toString().contains("storeId"), stores.body());
        assertEquals(401, get("/v1/stores").statusCode());

        // The stack scores what it loads: the first store answers with scored customers.
        long storeId = stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT store_id FROM store ORDER BY store_id LIMIT 1")
                        .mapTo(Long.class)
                        .one());
        ApiKeys.GeneratedKey reader = ApiKeys.generate();
        stack.database()
                .jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes)"
                                        + " SELECT tenant_id, :p, :h, 'local-stack-reader', '{customers:read}' FROM store WHERE store_id = :s")
                        .bind("p", reader.prefix())
                        .bind("h", reader.hash())
                        .bind("s", storeId)
                        .execute());
        HttpResponse<String> customers = HTTP.send(
                HttpRequest.newBuilder(uri("/v1/stores/" + storeId + "/customers?limit=5&sort=-ltv"))
                        .header("x-api-key", reader.key())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, customers.statusCode(), customers.body());
        assertEquals(5, Json.mapper().readTree(customers.body()).get("items").size(), customers.body());
    }

    @Test
    void theInvokeApiRunsTheRealCustomerApiOnTheSampleEvent() throws Exception {
        String event = java.nio.file.Files.readString(java.nio.file.Path.of("../events/customer-api-health.json"));
        HttpResponse<String> response = invoke("customer-api", event, Map.of());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Json.mapper().readTree(response.body());
        assertEquals(200, result.get("statusCode").asInt(), response.body());
        assertTrue(result.get("body").asText().contains("\"database\":\"up\""), response.body());
    }

    @Test
    void theDemoTenantHasTheAdvertisedApiKey() {
        String key = stack.demoApiKey();
        assertNotNull(key);
        assertTrue(ApiKeys.isWellFormed(key));
        byte[] stored = stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT key_hash FROM api_key WHERE prefix = :p AND revoked_at IS NULL")
                        .bind("p", ApiKeys.prefixOf(key))
                        .mapTo(byte[].class)
                        .one());
        assertTrue(ApiKeys.matches(key, stored));
    }

    @Test
    void closingStopsTheServer() throws Exception {
        String fixedKey = ApiKeys.generate().key();
        // A database of its own: installing a demo key revokes the other stack's key.
        String ownDatabase = TestDatabase.createEmptyDatabase("sp_local");
        LocalStack second = LocalStack.builder(
                        config(Map.of("STOREPULSE_DEMO_API_KEY", fixedKey, "DATABASE_URL", ownDatabase)))
                .function("map-echo", MapEchoHandler.class.getName())
                .output(new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8))
                .start();
        URI invoke = second.baseUri().resolve("/2015-03-31/functions/map-echo/invocations");
        assertEquals(fixedKey, second.demoApiKey(), "STOREPULSE_DEMO_API_KEY is used as given");
        assertEquals(
                TestDatabase.asApplication(ownDatabase),
                System.getProperty("DATABASE_URL"),
                "handlers find the database through Settings, as the application role");
        assertEquals(
                200,
                HTTP.send(
                                HttpRequest.newBuilder(invoke)
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        second.close();
        second.awaitStopped();
        HttpClient fresh = HttpClient.newHttpClient();
        assertThrows(
                ConnectException.class,
                () -> fresh.send(
                        HttpRequest.newBuilder(invoke)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
        assertFalse(second.database().isOpen());
        // Handlers find their database through process-wide system properties: give the first
        // stack's back, as only one stack per JVM is supported (docs/local-stack.md).
        System.setProperty("DATABASE_URL", TestDatabase.sharedApplicationJdbcUrl());
    }

    private static URI uri(String pathAndQuery) {
        return stack.baseUri().resolve(pathAndQuery);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> invoke(String function, String payload, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Discards output. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}
    }
}
