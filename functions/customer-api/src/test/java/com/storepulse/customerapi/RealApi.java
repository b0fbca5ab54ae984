package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.ApiKeyAdmission;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import com.storepulse.usage.UsageMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real {@link CustomerApiHandler} (no-arg constructor, its own Micronaut context and access
 * beans: {@code ApiKeyAdmission}, hashed keys in PostgreSQL, Redis token buckets and usage
 * metering) on the shared test database and a real Redis, under a Redis key prefix of its own.
 * Events are shaped the way API Gateway delivers the template's {@code /v1/{proxy+}} resource,
 * each with a request context and a fresh request id. Close it to restore the settings it set.
 */
final class RealApi implements AutoCloseable {

    static final String ADMIN_KEY = "admin-" + UUID.randomUUID() + UUID.randomUUID();
    static final String SUPPRESSION_HASH_KEY = com.storepulse.privacy.SubjectHashes.newKey();

    private final Map<String, String> previous = new LinkedHashMap<>();
    final CustomerApiHandler handler;
    final String redisKeyPrefix = "sp-realapi-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    RealApi() {
        this(Map.of());
    }

    /** With more settings (as system properties), such as {@code USAGE_FLUSH_INTERVAL} or another {@code REDIS_URL}. */
    RealApi(Map<String, String> settings) {
        QueryFixture.get(); // the fixture's tenants, stores and scored customers
        settings.forEach(this::set);
        // As deployed: the application role, row-level security on (fixtures are the owner's).
        set("DATABASE_URL", settings.getOrDefault("DATABASE_URL", TestDatabase.sharedApplicationJdbcUrl()));
        set("REDIS_URL", settings.getOrDefault("REDIS_URL", TestRedis.url()));
        set("CACHE_KEY_PREFIX", redisKeyPrefix);
        // A cold test JVM's first Redis connect is slower than production's budget; a skipped
        // Redis would turn metering into direct writes and make the assertions meaningless.
        set("CACHE_TIMEOUT", "PT1S");
        set("CACHE_CONNECT_TIMEOUT", "PT1S");
        set("STOREPULSE_ADMIN_API_KEY", ADMIN_KEY);
        // erasures match customers under it (docs/privacy.md)
        set("SUPPRESSION_HASH_KEY", settings.getOrDefault("SUPPRESSION_HASH_KEY", SUPPRESSION_HASH_KEY));
        handler = new CustomerApiHandler();
        if (!(handler.getApplicationContext().getBean(RequestAdmission.class) instanceof ApiKeyAdmission)
                || !handler.getApplicationContext().getBean(UsageMeter.class).countsInRedis()) {
            throw new IllegalStateException("the handler must run the real admission with Redis metering");
        }
    }

    UsageMeter usageMeter() {
        return handler.getApplicationContext().getBean(UsageMeter.class);
    }

    private void set(String key, String value) {
        if (!previous.containsKey(key)) { // a key set twice keeps its original value (null included)
            previous.put(key, System.getProperty(key));
        }
        System.setProperty(key, value);
    }

    /** A response with its body parsed (null when empty) and the request id API Gateway gave the request. */
    record Reply(int status, Map<String, String> headers, JsonNode body, String requestId) {}

    /** {@code GET path} ({@code /v1/...}) with {@code key} (null: no key header). */
    Reply get(String path, String key) {
        return send(proxyEvent("GET", path, key, null));
    }

    Reply send(String method, String path, String key, String body) {
        return send(proxyEvent(method, path, key, body));
    }

    Reply send(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                event, LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
        try {
            JsonNode json = response.getBody() == null || response.getBody().isEmpty()
                    ? null
                    : Json.mapper().readTree(response.getBody());
            String requestId = event.getRequestContext() == null
                    ? null
                    : event.getRequestContext().getRequestId();
            return new Reply(response.getStatusCode(), response.getHeaders(), json, requestId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event API Gateway sends for {@code /v1/{proxy+}}: both header maps, a request context, a fresh request id. */
    static APIGatewayProxyRequestEvent proxyEvent(String method, String path, String key, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "storepulse-test");
        if (key != null) {
            headers.put("x-api-key", key);
        }
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        String requestId = UUID.randomUUID().toString();
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource("/v1/{proxy+}")
                .withPath(path)
                .withPathParameters(Map.of("proxy", path.substring("/v1/".length())))
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(requestId)
                        .withHttpMethod(method)
                        .withResourcePath("/v1/{proxy+}")
                        .withPath("/test" + path)
                        .withStage("test")
                        .withAccountId("123456789012")
                        .withApiId("test-api")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("192.0.2.10")))
                .withBody(body)
                .withIsBase64Encoded(false);
    }

    /** A key of {@code tenantId} issued through the admin route, as a retailer gets one. */
    String issueKey(long tenantId, String scopesJson, String allowedStoresJson, int perMinute, int burst) {
        String body = "{\"name\":\"realapi\",\"scopes\":" + scopesJson
                + (allowedStoresJson == null ? "" : ",\"allowedStoreIds\":" + allowedStoresJson)
                + ",\"rateLimitPerMinute\":" + perMinute + ",\"rateLimitBurst\":" + burst + "}";
        Reply created = send("POST", "/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN_KEY, body);
        if (created.status() != 201) {
            throw new AssertionError("issuing a key: " + created.status() + " " + created.body());
        }
        return created.body().path("key").asText();
    }

    @Override
    public void close() {
        handler.close();
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }
}
