package com.storepulse.customerapi.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.customerapi.QueryFixture;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /status and /status.json through the real handler: public, cached, no tenant data. */
class StatusRoutesTest {

    private static CustomerApiHandler handler;
    private static String previousDatabase;

    @BeforeAll
    static void start() {
        QueryFixture.get();
        previousDatabase = System.getProperty("DATABASE_URL");
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        TestDatabase.shared()
                .jdbi()
                .useHandle(h -> h.execute("INSERT INTO alert_incident (fingerprint, severity, runbook, started_at)"
                        + " VALUES ('sync-source-failing:acme-secret', 'P2', 'sync-failed', now() - interval '5 minutes')"
                        + " ON CONFLICT DO NOTHING"));
        handler = new CustomerApiHandler();
    }

    @AfterAll
    static void stop() {
        handler.close();
        if (previousDatabase == null) {
            System.clearProperty("DATABASE_URL");
        } else {
            System.setProperty("DATABASE_URL", previousDatabase);
        }
    }

    private static APIGatewayProxyResponseEvent get(String path) {
        return handler.handleRequest(
                new APIGatewayProxyRequestEvent()
                        .withHttpMethod("GET")
                        .withResource(path)
                        .withPath(path)
                        .withHeaders(Map.of("User-Agent", "test")),
                LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
    }

    @Test
    void theJsonIsPublicCachedAndNamesNoTenant() throws IOException {
        APIGatewayProxyResponseEvent response = get("/status.json");
        assertEquals(200, response.getStatusCode());
        assertEquals("public, max-age=10", response.getHeaders().get("Cache-Control"));
        JsonNode status = Json.mapper().readTree(response.getBody());
        assertEquals("operational", status.path("components").path("API").asText());
        assertEquals("operational", status.path("components").path("Database").asText());
        assertTrue(status.path("openIncidents")
                .valueStream()
                .anyMatch(i -> "Data sync".equals(i.path("affects").asText())));
        assertFalse(
                response.getBody().contains("acme-secret"),
                "an incident is shown by what it affects, not its fingerprint");
        assertEquals("degraded", status.path("status").asText());
        // the same report for the TTL: a second call does not rebuild it
        JsonNode again = Json.mapper().readTree(get("/status.json").getBody());
        assertEquals(status.path("generatedAt"), again.path("generatedAt"));
    }

    @Test
    void thePageIsSelfContainedHtml() {
        APIGatewayProxyResponseEvent response = get("/status");
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertTrue(response.getHeaders().get("Content-Security-Policy").startsWith("default-src 'none'"));
        String html = response.getBody();
        for (String id : new String[] {"summary", "components", "sync", "open-incidents", "history"}) {
            assertTrue(html.contains("<section id=\"" + id + "\""), id);
        }
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img"), "no external assets");
        assertTrue(html.length() < 20_000, "small: " + html.length());
    }

    @Test
    void otherMethodsAreRefused() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                new APIGatewayProxyRequestEvent()
                        .withHttpMethod("POST")
                        .withResource("/status")
                        .withPath("/status"),
                LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
        assertEquals(405, response.getStatusCode());
    }
}
