package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.webhooks.TestSigner;
import com.storepulse.webhooks.WebhookKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No webhook secret appears in any log line (docs/webhooks.md: "It never appears in a listing or a
 * log"), through the local stack's HTTP front door with the functions' real handlers: registering
 * sources (a generated secret, a given one, a refused one), rotating (generated, given, refused),
 * listing and revoking keys, and verifying deliveries signed right, wrong and too late. Every line
 * the functions log is captured as Lambda would ship it, and the stack's own output too; the lines
 * of the refusals are in the capture, so it does see the functions' logging.
 */
class WebhookSecretLoggingTest {

    private static WebhookStack stack;

    @BeforeAll
    static void start() {
        stack = new WebhookStack("sp_webhook_logs");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The ways a secret could be written down: as given, its key's base64 and hex, its text's hex. */
    private static List<String> formsOf(String secret) {
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        if (secret.startsWith(WebhookKeys.SECRET_PREFIX)) {
            String base64 = secret.substring(WebhookKeys.SECRET_PREFIX.length());
            forms.add(base64);
            try {
                forms.add(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException notBase64) {
                // a refused secret need not be base64
            }
        }
        return forms;
    }

    private static Map<String, String> headers(Map<String, String> signed) {
        Map<String, String> headers = new HashMap<>(signed);
        headers.remove("content-type");
        return headers;
    }

    private static WebhookStack.Answer standard(String sourceId, String secret, String id, long ts, String body)
            throws Exception {
        return stack.call(
                "POST",
                "/v1/webhooks/" + sourceId,
                headers(TestSigner.standardHeaders(TestSigner.standardV1(secret, id, ts, body), id, ts)),
                body);
    }

    @Test
    void noSecretAppearsInAnyLogLineDuringRegistrationRotationAndVerification() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> logged;
        String output;
        try (CapturedLogs logs = new CapturedLogs()) {
            long store = stack.newStore("Log check");
            String base = "/v1/admin/tenants/" + stack.demoTenant() + "/webhook-sources";

            // registration: generated, given, refused
            WebhookStack.Answer standardSource = stack.admin(
                    "POST", base, "{\"storeId\":" + store + ",\"scheme\":\"standard-webhooks\",\"name\":\"std\"}");
            assertEquals(201, standardSource.status(), standardSource.raw());
            String source = standardSource.json().at("/source/sourceId").asText();
            String generated = standardSource.json().path("secret").asText();
            secrets.add(generated);
            String shopifySecret = "shpss_" + UUID.randomUUID().toString().replace("-", "");
            secrets.add(shopifySecret);
            WebhookStack.Answer shopifySource = stack.admin(
                    "POST",
                    base,
                    "{\"storeId\":" + store + ",\"scheme\":\"shopify\",\"name\":\"shop\",\"secret\":\"" + shopifySecret
                            + "\"}");
            assertEquals(201, shopifySource.status(), shopifySource.raw());
            String refusedAtRegistration = "whsec_" + Base64.getEncoder().encodeToString(new byte[] {7, 7, 7, 7, 7});
            secrets.add(refusedAtRegistration);
            assertEquals(
                    400,
                    stack.admin(
                                    "POST",
                                    base,
                                    "{\"storeId\":" + store + ",\"scheme\":\"standard-webhooks\",\"name\":\"x\","
                                            + "\"secret\":\"" + refusedAtRegistration + "\"}")
                            .status());

            // rotation: generated, given, refused
            WebhookStack.Answer rotated = stack.admin("POST", base + "/" + source + "/secrets", "{}");
            assertEquals(201, rotated.status(), rotated.raw());
            String rotatedSecret = rotated.json().path("secret").asText();
            secrets.add(rotatedSecret);
            String givenOnRotation = WebhookKeys.newSecret();
            secrets.add(givenOnRotation);
            WebhookStack.Answer rotatedGiven = stack.admin(
                    "POST",
                    base + "/" + source + "/secrets",
                    "{\"secret\":\"" + givenOnRotation + "\",\"expireCurrentAfterSeconds\":600}");
            assertEquals(201, rotatedGiven.status(), rotatedGiven.raw());
            String refusedOnRotation = "shpss_" + "z".repeat(250);
            secrets.add(refusedOnRotation);
            assertEquals(
                    400,
                    stack.admin(
                                    "POST",
                                    base + "/"
                                            + shopifySource
                                                    .json()
                                                    .at("/source/sourceId")
                                                    .asText() + "/secrets",
                                    "{\"secret\":\"" + refusedOnRotation + "\"}")
                            .status());

            // verification: each live secret, a wrong one, a stale timestamp, Shopify right and wrong
            String body =
                    "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"log-c1\","
                            + "\"updatedAt\":\"2026-05-01T11:00:00Z\"}}";
            long now = Instant.now().getEpochSecond();
            for (String secret : List.of(generated, rotatedSecret, givenOnRotation)) {
                WebhookStack.Answer accepted = standard(source, secret, "log-" + secrets.indexOf(secret), now, body);
                assertEquals(200, accepted.status(), accepted.raw());
            }
            assertEquals(
                    401,
                    standard(source, WebhookKeys.newSecret(), "log-wrong", now, body)
                            .status());
            assertEquals(
                    401,
                    standard(source, generated, "log-late", now - 3600, body).status());
            String shopifyId = shopifySource.json().at("/source/sourceId").asText();
            WebhookStack.Answer shopifyAccepted = stack.call(
                    "POST",
                    "/v1/webhooks/" + shopifyId,
                    Map.of(
                            "X-Shopify-Webhook-Id",
                            "log-shop-1",
                            "X-Shopify-Hmac-Sha256",
                            TestSigner.shopify(shopifySecret, body)),
                    body);
            assertEquals(200, shopifyAccepted.status(), shopifyAccepted.raw());
            assertEquals(
                    401,
                    stack.call(
                                    "POST",
                                    "/v1/webhooks/" + shopifyId,
                                    Map.of("X-Shopify-Webhook-Id", "log-shop-2", "X-Shopify-Hmac-Sha256", "AAAA"),
                                    body)
                            .status());

            // listing and revoking
            WebhookStack.Answer listed = stack.admin("GET", base, null);
            assertEquals(200, listed.status(), listed.raw());
            long firstKey =
                    standardSource.json().at("/source/secrets/0/secretId").asLong();
            assertEquals(
                    204,
                    stack.admin("DELETE", base + "/" + source + "/secrets/" + firstKey, null)
                            .status());
            for (String secret : secrets) {
                assertFalse(listed.raw().contains(secret), "a listing shows a secret");
            }

            logged = logs.lines().stream().map(JsonNode::toString).toList();
            output = logs.raw() + stack.output.toString(StandardCharsets.UTF_8);
        }

        for (String expected : List.of(
                "answered 400 VALIDATION_FAILED",
                "answered 401 SIGNATURE_INVALID",
                "answered 401 TIMESTAMP_OUT_OF_TOLERANCE")) {
            assertTrue(
                    logged.stream().anyMatch(line -> line.contains(expected)),
                    "the capture does not see the functions' lines: no '" + expected + "' in " + logged);
        }
        for (String secret : secrets) {
            for (String form : formsOf(secret)) {
                int at = output.indexOf(form);
                assertTrue(
                        at < 0,
                        "a secret is in the logs: "
                                + (at < 0 ? "" : output.substring(Math.max(0, output.lastIndexOf('\n', at) + 1), at)));
            }
        }
    }
}
