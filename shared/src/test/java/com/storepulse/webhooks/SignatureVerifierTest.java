package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.errors.TimestampOutOfToleranceException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    // The Standard Webhooks specification's known-answer vector.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final SignatureVerifier verifier = new SignatureVerifier(Duration.ofMinutes(5));

    private static SigningKey hmac(long id, String secret) {
        return new SigningKey(id, SigningKey.Kind.HMAC, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static SignedRequest request(Map<String, String> headers, String body) {
        return new SignedRequest(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSpecificationsKnownAnswerVerifies() {
        assertEquals(SPEC_SIGNATURE, TestSigner.standardV1(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
        Verification verified = verifier.verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                request(TestSigner.standardHeaders(SPEC_SIGNATURE, SPEC_ID, SPEC_TIMESTAMP), SPEC_BODY),
                List.of(hmac(7, SPEC_SECRET)),
                Instant.ofEpochSecond(SPEC_TIMESTAMP + 10));
        assertEquals(SPEC_ID, verified.eventId());
        assertEquals(Instant.ofEpochSecond(SPEC_TIMESTAMP), verified.sentAt());
        assertEquals(7, verified.secretId());
    }

    @Test
    void oneChangedByteOfTheBodyFails() {
        String reserialised = "{\"test\":2432232314}";
        assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS,
                        request(TestSigner.standardHeaders(SPEC_SIGNATURE, SPEC_ID, SPEC_TIMESTAMP), reserialised),
                        List.of(hmac(7, SPEC_SECRET)),
                        Instant.ofEpochSecond(SPEC_TIMESTAMP)));
    }

    @Test
    void aReplayOutsideTheToleranceIsRefusedEitherWay() {
        SignedRequest signed = request(TestSigner.standardHeaders(SPEC_SIGNATURE, SPEC_ID, SPEC_TIMESTAMP), SPEC_BODY);
        List<SigningKey> keys = List.of(hmac(7, SPEC_SECRET));
        assertThrows(
                TimestampOutOfToleranceException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS, signed, keys, Instant.ofEpochSecond(SPEC_TIMESTAMP + 301)));
        assertThrows(
                TimestampOutOfToleranceException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS, signed, keys, Instant.ofEpochSecond(SPEC_TIMESTAMP - 301)));
        verifier.verify(WebhookScheme.STANDARD_WEBHOOKS, signed, keys, Instant.ofEpochSecond(SPEC_TIMESTAMP + 300));
    }

    @Test
    void aWrongKeyIsASignatureFailureEvenWhenTheTimestampIsStale() {
        SignedRequest signed = request(TestSigner.standardHeaders(SPEC_SIGNATURE, SPEC_ID, SPEC_TIMESTAMP), SPEC_BODY);
        assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS,
                        signed,
                        List.of(hmac(8, WebhookKeys.newSecret())),
                        Instant.ofEpochSecond(SPEC_TIMESTAMP + 3600)));
    }

    @Test
    void anyOfSeveralSignaturesMayMatchAnyOfSeveralKeys() {
        String oldSecret = WebhookKeys.newSecret();
        String newSecret = WebhookKeys.newSecret();
        long now = 1_800_000_000L;
        String header = TestSigner.standardV1(newSecret, "m1", now, "{}") + " v2,ignored "
                + TestSigner.standardV1(oldSecret, "m1", now, "{}");
        Verification verified = verifier.verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                request(TestSigner.standardHeaders(header, "m1", now), "{}"),
                List.of(hmac(1, oldSecret)),
                Instant.ofEpochSecond(now));
        assertEquals(1, verified.secretId());
    }

    @Test
    void ed25519SignaturesVerifyAndATamperedOneDoesNot() {
        KeyPair pair = TestSigner.ed25519KeyPair();
        SigningKey publicKey = new SigningKey(
                3, SigningKey.Kind.ED25519, WebhookKeys.parsePublicKey("publicKey", TestSigner.whpk(pair)));
        long now = 1_800_000_000L;
        String signature = TestSigner.standardV1a(pair.getPrivate(), "m2", now, "{\"a\":1}");
        Verification verified = verifier.verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                request(TestSigner.standardHeaders(signature, "m2", now), "{\"a\":1}"),
                List.of(publicKey),
                Instant.ofEpochSecond(now));
        assertEquals(3, verified.secretId());

        assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS,
                        request(TestSigner.standardHeaders(signature, "m2", now), "{\"a\":2}"),
                        List.of(publicKey),
                        Instant.ofEpochSecond(now)));
        // a v1a signature is never checked against an HMAC key, nor v1 against a public key
        assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS,
                        request(TestSigner.standardHeaders(signature, "m2", now), "{\"a\":1}"),
                        List.of(hmac(4, WebhookKeys.newSecret())),
                        Instant.ofEpochSecond(now)));
    }

    @Test
    void missingHeadersAreSignatureFailuresNamingTheHeader() {
        Map<String, String> headers =
                new HashMap<>(TestSigner.standardHeaders(SPEC_SIGNATURE, SPEC_ID, SPEC_TIMESTAMP));
        headers.remove("webhook-signature");
        SignatureInvalidException missing = assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.STANDARD_WEBHOOKS,
                        request(headers, SPEC_BODY),
                        List.of(hmac(7, SPEC_SECRET)),
                        Instant.ofEpochSecond(SPEC_TIMESTAMP)));
        assertTrue(missing.getMessage().contains("webhook-signature"), missing.getMessage());
    }

    @Test
    void headersAreMatchedWithoutRegardToCase() {
        Map<String, String> headers = Map.of(
                "Webhook-Id", SPEC_ID,
                "WEBHOOK-TIMESTAMP", Long.toString(SPEC_TIMESTAMP),
                "Webhook-Signature", SPEC_SIGNATURE);
        verifier.verify(
                WebhookScheme.STANDARD_WEBHOOKS,
                request(headers, SPEC_BODY),
                List.of(hmac(7, SPEC_SECRET)),
                Instant.ofEpochSecond(SPEC_TIMESTAMP));
    }

    @Test
    void shopifySignsTheBodyWithTheSecretStringAndSignsNoTimestamp() {
        String secret = "shpss_0123456789abcdef0123456789abcdef";
        String body = "{\"type\":\"customer.created\"}";
        Map<String, String> headers =
                Map.of("X-Shopify-Hmac-Sha256", TestSigner.shopify(secret, body), "X-Shopify-Webhook-Id", "b54557e4");
        Verification verified =
                verifier.verify(WebhookScheme.SHOPIFY, request(headers, body), List.of(hmac(5, secret)), Instant.now());
        assertEquals("b54557e4", verified.eventId());
        assertNull(verified.sentAt());
        assertThrows(
                SignatureInvalidException.class,
                () -> verifier.verify(
                        WebhookScheme.SHOPIFY, request(headers, body + " "), List.of(hmac(5, secret)), Instant.now()));
    }

    @Test
    void stripeSignsTimestampDotBodyInHexAndChecksTheTolerance() {
        String secret = "whsec_stripe_endpoint_secret_0123";
        String body = "{\"id\":\"evt_1\",\"type\":\"order.created\"}";
        long t = 1_800_000_000L;
        Map<String, String> headers = Map.of("Stripe-Signature", TestSigner.stripe(secret, t, body) + ",v0=legacy");
        Verification verified = verifier.verify(
                WebhookScheme.STRIPE, request(headers, body), List.of(hmac(6, secret)), Instant.ofEpochSecond(t + 1));
        assertNull(verified.eventId());
        assertEquals(Instant.ofEpochSecond(t), verified.sentAt());
        assertThrows(
                TimestampOutOfToleranceException.class,
                () -> verifier.verify(
                        WebhookScheme.STRIPE,
                        request(headers, body),
                        List.of(hmac(6, secret)),
                        Instant.ofEpochSecond(t + 3600)));
    }
}
