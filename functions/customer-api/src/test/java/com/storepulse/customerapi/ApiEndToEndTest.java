package com.storepulse.customerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole customer API through the real handler class and the real access beans (API keys
 * hashed in PostgreSQL, rate limits, usage metering): a retailer is onboarded with the admin key,
 * then uses the key it was given. Events are shaped like template.yaml's /v1/{proxy+} resource.
 */
class ApiEndToEndTest {

    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID() + UUID.randomUUID();
    private static CustomerApiHandler handler;
    private static QueryFixture fixture;

    @BeforeAll
    static void start() {
        fixture = QueryFixture.get();
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        System.setProperty("STOREPULSE_ADMIN_API_KEY", ADMIN_KEY);
        handler = new CustomerApiHandler();
    }

    @AfterAll
    static void stop() {
        if (handler != null) {
            handler.close();
        }
        System.clearProperty("STOREPULSE_ADMIN_API_KEY");
    }

    private record Reply(int status, JsonNode body, Map<String, String> headers) {}

    private static Reply call(String method, String path, String key, String body) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        if (key != null) {
            headers.put("x-api-key", key);
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource("/v1/{proxy+}")
                .withPath("/prod" + path)
                .withPathParameters(Map.of("proxy", path.substring("/v1/".length())))
                .withHeaders(headers)
                .withBody(body);
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                event, LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
        JsonNode json = response.getBody() == null || response.getBody().isEmpty()
                ? null
                : Json.mapper().readTree(response.getBody());
        return new Reply(response.getStatusCode(), json, response.getHeaders());
    }

    private static String issueKey(String scopes, int burst) throws IOException {
        Reply created = call(
                "POST",
                "/v1/admin/tenants/" + QueryFixture.ACME + "/api-keys",
                ADMIN_KEY,
                "{\"name\":\"e2e\",\"scopes\":[" + scopes + "],\"rateLimitPerMinute\":60,\"rateLimitBurst\":" + burst
                        + "}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.body().path("key").asText();
    }

    @Test
    void anOnboardedKeyReadsItsOwnStoresOnlyAndIsMetered() throws IOException {
        String key = issueKey("\"stores:read\",\"customers:read\",\"usage:read\"", 100);

        Reply stores = call("GET", "/v1/stores", key, null);
        assertEquals(200, stores.status(), String.valueOf(stores.body()));
        assertTrue(
                stores.body().toString().contains("\"storeId\":" + QueryFixture.ACME_MAIN),
                stores.body().toString());
        assertTrue(
                !stores.body().toString().contains("\"storeId\":" + QueryFixture.GLOBEX_STORE),
                "another tenant's store is listed");
        assertNotNull(stores.headers().get("RateLimit-Remaining"));

        Reply page = call("GET", "/v1/stores/" + QueryFixture.ACME_MAIN + "/customers", key, null);
        assertEquals(200, page.status(), String.valueOf(page.body()));
        assertTrue(page.body().path("items").size() > 0);

        for (String route : new String[] {"/customers", "/summary", "/archetypes", ""}) {
            Reply foreign = call("GET", "/v1/stores/" + QueryFixture.GLOBEX_STORE + route, key, null);
            Reply missing = call("GET", "/v1/stores/987654321" + route, key, null);
            if (route.isEmpty()) {
                continue; // no such route: 404 for both, but it is the router's answer
            }
            assertEquals(404, foreign.status(), route);
            assertEquals(
                    missing.body().path("detail"),
                    foreign.body().path("detail"),
                    "indistinguishable from a missing store");
        }

        Reply usage = call("GET", "/v1/usage", key, null);
        assertEquals(200, usage.status(), String.valueOf(usage.body()));
        assertTrue(
                usage.body().toString().contains("GET /v1/stores/{storeId}/customers"),
                usage.body().toString());
    }

    @Test
    void missingInvalidUnderScopedAndOverLimitKeysGet401_403_429() throws IOException {
        assertEquals(401, call("GET", "/v1/stores", null, null).status());
        assertEquals(
                401,
                call("GET", "/v1/stores", "sp_live_abcdefgh_" + "A".repeat(32), null)
                        .status());
        assertEquals(
                "UNAUTHENTICATED",
                call("GET", "/v1/stores", "garbage", null).body().path("code").asText());

        String storesOnly = issueKey("\"stores:read\"", 100);
        Reply forbidden = call("GET", "/v1/stores/" + QueryFixture.ACME_MAIN + "/customers", storesOnly, null);
        assertEquals(403, forbidden.status());
        assertEquals("FORBIDDEN", forbidden.body().path("code").asText());

        String small = issueKey("\"stores:read\"", 2);
        assertEquals(200, call("GET", "/v1/stores", small, null).status());
        assertEquals(200, call("GET", "/v1/stores", small, null).status());
        Reply limited = call("GET", "/v1/stores", small, null);
        assertEquals(429, limited.status());
        assertEquals("RATE_LIMITED", limited.body().path("code").asText());
        assertTrue(Integer.parseInt(limited.headers().get("Retry-After")) >= 1);
        assertEquals("0", limited.headers().get("RateLimit-Remaining"));
    }
}
