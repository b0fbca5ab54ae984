package com.storepulse.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogRedactionTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogRedactionTest.class);
    private static final String MASK = LogRedaction.MASK;

    @Test
    void sensitiveHeadersAreMaskedWhateverTheirSpelling() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer eyJ-secret-jwt");
        headers.put("x-api-key", "sp_live_key123");
        headers.put("X-Shopify-Hmac-Sha256", "hmacvalue==");
        headers.put("Stripe-Signature", "t=1,v1=abc");
        headers.put("Cookie", "session=abc");
        headers.put("Content-Type", "application/json");
        headers.put("X-Correlation-Id", "corr-1");

        Map<String, Object> safe = LogRedaction.redactHeaders(headers);

        for (String key :
                List.of("Authorization", "x-api-key", "X-Shopify-Hmac-Sha256", "Stripe-Signature", "Cookie")) {
            assertEquals(MASK, safe.get(key), key);
        }
        assertEquals("application/json", safe.get("Content-Type"));
        assertEquals("corr-1", safe.get("X-Correlation-Id"));
        assertEquals("Bearer eyJ-secret-jwt", headers.get("Authorization"), "the input is not modified");
    }

    @Test
    void nestedMapsListsAndUrlPasswordsAreMasked() {
        Map<String, Object> config = Map.of(
                "db",
                Map.of("dbPassword", "pw1", "host", "db.internal"),
                "clients",
                List.of(Map.of("client_secret", "cs1", "name", "shop")),
                "DATABASE_URL",
                "postgres://app:pw2@db.internal:5432/storepulse",
                "apiKey",
                "k3");

        Map<String, Object> safe = LogRedaction.redact(config);
        String printed = safe.toString();

        for (String secret : List.of("pw1", "cs1", "pw2", "k3")) {
            assertFalse(printed.contains(secret), printed);
        }
        assertTrue(printed.contains("db.internal"), printed);
        assertTrue(printed.contains("shop"), printed);
        assertEquals("postgres://app:" + MASK + "@db.internal:5432/storepulse", safe.get("DATABASE_URL"));
    }

    @Test
    void jsonBodiesAreMaskedDeeply() throws Exception {
        JsonNode body = Json.mapper().readTree("""
                {"customer":{"email":"a@b.c","password":"hunter2"},
                 "items":[{"sku":"x","access_token":"tok"}], "token":{"nested":"all of it"}}""");

        JsonNode safe = LogRedaction.redact(body);

        assertEquals(MASK, safe.at("/customer/password").asText());
        assertEquals("a@b.c", safe.at("/customer/email").asText());
        assertEquals(MASK, safe.at("/items/0/access_token").asText());
        assertEquals("x", safe.at("/items/0/sku").asText());
        assertEquals(MASK, safe.path("token").asText());
        assertEquals("hunter2", body.at("/customer/password").asText(), "the input is not modified");
    }

    @Test
    void structuredLogFieldsNeverCarryTheSecret() {
        try (CapturedLogs logs = new CapturedLogs()) {
            LOG.info(
                    "request headers",
                    LogRedaction.fields(Map.of("Authorization", "Bearer top-secret", "Accept", "*/*")));
            JsonNode line = logs.line("request headers");
            assertEquals(MASK, line.path("Authorization").asText(), line.toString());
            assertEquals("*/*", line.path("Accept").asText(), line.toString());
            assertFalse(logs.raw().contains("top-secret"), logs.raw());
        }
    }
}
