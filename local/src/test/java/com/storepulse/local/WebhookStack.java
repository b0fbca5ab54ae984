package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack for the webhook tests that go through its HTTP front door: a database of its
 * own with the demo data, the machine's (or an embedded) Redis under a key prefix of its own, and
 * an admin key. The settings the stack hands its functions through system properties are put back
 * when it closes (one stack per JVM at a time: docs/local-stack.md).
 */
final class WebhookStack implements AutoCloseable {

    static final String CACHE_PREFIX_SETTING = "CACHE_KEY_PREFIX";
    static final String ADMIN_KEY_SETTING = "STOREPULSE_ADMIN_API_KEY";
    private static final List<String> HANDED_OVER =
            List.of("DATABASE_URL", "REDIS_URL", CACHE_PREFIX_SETTING, ADMIN_KEY_SETTING);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final LocalStack stack;
    final String redisUrl = TestRedis.url();
    final String cachePrefix = "sp-wh-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    final String adminKey = "admin-" + UUID.randomUUID() + UUID.randomUUID();
    /** What the stack prints (banner, request lines). */
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private final Map<String, String> saved = new LinkedHashMap<>();

    WebhookStack(String databasePrefix) {
        HANDED_OVER.forEach(key -> saved.put(key, System.getProperty(key)));
        System.setProperty(CACHE_PREFIX_SETTING, cachePrefix);
        System.setProperty(ADMIN_KEY_SETTING, adminKey);
        try {
            String database = TestDatabase.createEmptyDatabase(databasePrefix);
            stack = LocalStack.builder(LocalStackConfig.from(Settings.of(Map.of(
                            "PORT",
                            "0",
                            "DATABASE_URL",
                            database,
                            // the functions as deployed: the application role, row-level security on
                            "FUNCTIONS_DATABASE_URL",
                            TestDatabase.asApplication(database),
                            "REDIS_URL",
                            redisUrl,
                            "FUNCTION_TIMEOUT",
                            "PT30S"))))
                    .output(new PrintStream(output, true, StandardCharsets.UTF_8))
                    .start();
        } catch (RuntimeException e) {
            restore();
            throw e;
        }
    }

    /** An answer: status and body (JSON when it is JSON, else a text node). */
    record Answer(int status, String raw, JsonNode json) {}

    Answer admin(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, Map.of("x-api-key", adminKey), body);
    }

    Answer api(String path) throws IOException, InterruptedException {
        return call("GET", path, Map.of("x-api-key", stack.demoApiKey()), null);
    }

    Answer call(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUri().resolve(URI.create(path)))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (IOException notJson) {
            json = Json.mapper().getNodeFactory().textNode(response.body());
        }
        return new Answer(
                response.statusCode(),
                response.body(),
                json == null ? Json.mapper().nullNode() : json);
    }

    /** The demo tenant's id. */
    long demoTenant() {
        return stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT tenant_id FROM tenant WHERE slug = 'demo'")
                        .mapTo(Long.class)
                        .one());
    }

    /** A new store of the demo tenant (the admin route), in USD. */
    long newStore(String name) throws IOException, InterruptedException {
        Answer created = admin(
                "POST",
                "/v1/admin/tenants/" + demoTenant() + "/stores",
                "{\"name\":\"" + name + "\",\"currency\":\"USD\"}");
        assertEquals(201, created.status(), created.raw());
        return created.json().path("storeId").asLong();
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            restore();
        }
    }

    private void restore() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }
}
