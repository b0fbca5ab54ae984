package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests signed by the reference libraries senders really use (npm's {@code standardwebhooks},
 * {@code svix}, and {@code stripe}'s test-header helper) verify with {@link SignatureVerifier}. The
 * packages live in src/test/node/webhook-interop ({@code npm ci} there; .ci/run does it). Without
 * node or the packages the test is skipped and says why; in CI ({@value SharedFixtures#REQUIRED})
 * it fails instead.
 */
class WebhookInteropTest {

    private static final Path DIRECTORY = Path.of("src/test/node/webhook-interop");
    private static JsonNode signed;
    private static String secret;
    private static String body;
    private static long timestamp;

    @BeforeAll
    static void signWithTheReferenceLibraries() throws IOException, InterruptedException {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules/standardwebhooks"))
                || !Files.isDirectory(DIRECTORY.resolve("node_modules/svix"))
                || !Files.isDirectory(DIRECTORY.resolve("node_modules/stripe"))) {
            unavailable("the npm packages are not installed: run `npm ci` in shared/" + DIRECTORY);
        }
        secret = WebhookKeys.newSecret();
        body =
                "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"c-1\",\"firstName\":\"Zoë\"}}";
        timestamp = Instant.now().getEpochSecond();
        String input = Json.write(Map.of("secret", secret, "id", "msg_interop", "timestamp", timestamp, "body", body));
        Process node;
        try {
            node = new ProcessBuilder("node", "sign.js")
                    .directory(DIRECTORY.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException notInstalled) {
            unavailable("node is not installed");
            return;
        }
        node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        byte[] output = node.getInputStream().readAllBytes();
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new AssertionError("node sign.js failed: " + new String(output, StandardCharsets.UTF_8));
        }
        signed = Json.mapper().readTree(output);
    }

    private static void unavailable(String why) {
        SharedFixtures.missing(why);
    }

    private Verification verify(WebhookScheme scheme, Map<String, String> headers) {
        return new SignatureVerifier(Duration.ofMinutes(5))
                .verify(
                        scheme,
                        new SignedRequest(headers, body.getBytes(StandardCharsets.UTF_8)),
                        List.of(new SigningKey(1, SigningKey.Kind.HMAC, secret.getBytes(StandardCharsets.UTF_8))),
                        Instant.now());
    }

    @Test
    void standardwebhooksSignaturesVerify() {
        Verification verified = verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                TestSigner.standardHeaders(signed.get("standardwebhooks").textValue(), "msg_interop", timestamp));
        assertEquals("msg_interop", verified.eventId());
    }

    @Test
    void svixSignaturesVerify() {
        Verification verified = verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                TestSigner.standardHeaders(signed.get("svix").textValue(), "msg_interop", timestamp));
        assertEquals(1, verified.secretId());
    }

    @Test
    void stripeTestHeadersVerify() {
        Verification verified = verify(
                WebhookScheme.STRIPE,
                Map.of("Stripe-Signature", signed.get("stripe").textValue()));
        assertEquals(Instant.ofEpochSecond(timestamp), verified.sentAt());
    }
}
