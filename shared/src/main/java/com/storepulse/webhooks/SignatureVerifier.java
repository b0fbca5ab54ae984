package com.storepulse.webhooks;

import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.errors.TimestampOutOfToleranceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a delivery's signature over the raw body bytes, for each scheme, against every live key
 * of the source (several during a rotation), comparing in constant time ({@link
 * MessageDigest#isEqual}). The signature is checked before the timestamp, so a caller without a key
 * learns nothing but {@code SIGNATURE_INVALID}; a correctly signed request outside the tolerance is
 * a replay or a bad clock ({@code TIMESTAMP_OUT_OF_TOLERANCE}).
 *
 * <ul>
 *   <li>Standard Webhooks: signed content {@code id.timestamp.body}; {@code webhook-signature} holds
 *       space-separated {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} entries,
 *       any one of which may match.
 *   <li>Shopify: {@code X-Shopify-Hmac-Sha256} is base64 HMAC-SHA256 of the body; no timestamp is
 *       signed, so only the id's dedupe guards against a replay.
 *   <li>Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]} over {@code t.body}.
 * </ul>
 */
public final class SignatureVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    public static final int MAX_EVENT_ID_LENGTH = 256;

    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final Duration tolerance;

    public SignatureVerifier(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public Verification verify(WebhookScheme scheme, SignedRequest request, List<SigningKey> keys, Instant now) {
        return switch (scheme) {
            case STANDARD_WEBHOOKS -> standard(request, keys, now);
            case SHOPIFY -> shopify(request, keys);
            case STRIPE -> stripe(request, keys, now);
        };
    }

    private Verification standard(SignedRequest request, List<SigningKey> keys, Instant now) {
        String id = required(request, "webhook-id");
        if (id.length() > MAX_EVENT_ID_LENGTH) {
            throw new SignatureInvalidException("webhook-id is longer than " + MAX_EVENT_ID_LENGTH + " characters");
        }
        String timestamp = required(request, "webhook-timestamp");
        long seconds = unixSeconds(timestamp, "webhook-timestamp");
        String header = required(request, "webhook-signature");
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), request.bodyUnsafe());

        List<byte[]> v1 = new ArrayList<>();
        List<byte[]> v1a = new ArrayList<>();
        for (String entry : header.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0) {
                continue;
            }
            Optional<byte[]> value = base64(entry.substring(comma + 1));
            switch (entry.substring(0, comma)) {
                case "v1" -> value.ifPresent(v1::add);
                case "v1a" -> value.ifPresent(v1a::add);
                default -> {
                    // another version: not ours to check
                }
            }
        }
        for (SigningKey key : keys) {
            boolean match = switch (key.kind()) {
                case HMAC -> {
                    byte[] expected =
                            hmac(WebhookKeys.hmacKey(WebhookScheme.STANDARD_WEBHOOKS, key.materialUnsafe()), signed);
                    yield v1.stream().anyMatch(candidate -> MessageDigest.isEqual(expected, candidate));
                }
                case ED25519 -> v1a.stream().anyMatch(candidate -> ed25519(key, signed, candidate));
            };
            if (match) {
                Instant sentAt = Instant.ofEpochSecond(seconds);
                checkTolerance(sentAt, now);
                return new Verification(id, sentAt, key.secretId());
            }
        }
        throw new SignatureInvalidException(
                v1.isEmpty() && v1a.isEmpty()
                        ? "webhook-signature has no v1 or v1a signature"
                        : "No signature in webhook-signature matches a key of this source");
    }

    private static Verification shopify(SignedRequest request, List<SigningKey> keys) {
        String header = required(request, "X-Shopify-Hmac-Sha256");
        String id = request.header("X-Shopify-Webhook-Id")
                .or(() -> request.header("X-Shopify-Event-Id"))
                .orElseThrow(() -> new SignatureInvalidException("Missing header X-Shopify-Webhook-Id"));
        if (id.length() > MAX_EVENT_ID_LENGTH) {
            throw new SignatureInvalidException(
                    "X-Shopify-Webhook-Id is longer than " + MAX_EVENT_ID_LENGTH + " characters");
        }
        byte[] candidate = base64(header.trim())
                .orElseThrow(() -> new SignatureInvalidException("X-Shopify-Hmac-Sha256 is not base64"));
        for (SigningKey key : keys) {
            if (key.kind() == SigningKey.Kind.HMAC
                    && MessageDigest.isEqual(
                            hmac(
                                    WebhookKeys.hmacKey(WebhookScheme.SHOPIFY, key.materialUnsafe()),
                                    request.bodyUnsafe()),
                            candidate)) {
                return new Verification(id, null, key.secretId());
            }
        }
        throw new SignatureInvalidException("X-Shopify-Hmac-Sha256 matches no key of this source");
    }

    private Verification stripe(SignedRequest request, List<SigningKey> keys, Instant now) {
        String header = required(request, "Stripe-Signature");
        String timestamp = null;
        List<byte[]> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                timestamp = value;
            } else if (name.equals("v1")) {
                try {
                    v1.add(HexFormat.of().parseHex(value));
                } catch (IllegalArgumentException notHex) {
                    // a malformed entry matches nothing
                }
            }
        }
        if (timestamp == null) {
            throw new SignatureInvalidException("Stripe-Signature has no t= timestamp");
        }
        if (v1.isEmpty()) {
            throw new SignatureInvalidException("Stripe-Signature has no v1= signature");
        }
        long seconds = unixSeconds(timestamp, "Stripe-Signature t");
        byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), request.bodyUnsafe());
        for (SigningKey key : keys) {
            if (key.kind() != SigningKey.Kind.HMAC) {
                continue;
            }
            byte[] expected = hmac(WebhookKeys.hmacKey(WebhookScheme.STRIPE, key.materialUnsafe()), signed);
            if (v1.stream().anyMatch(candidate -> MessageDigest.isEqual(expected, candidate))) {
                Instant sentAt = Instant.ofEpochSecond(seconds);
                checkTolerance(sentAt, now);
                return new Verification(null, sentAt, key.secretId());
            }
        }
        throw new SignatureInvalidException("No v1 signature in Stripe-Signature matches a key of this source");
    }

    private void checkTolerance(Instant sentAt, Instant now) {
        if (Duration.between(sentAt, now).abs().compareTo(tolerance) > 0) {
            throw new TimestampOutOfToleranceException("The signed timestamp " + sentAt + " is more than "
                    + tolerance.toSeconds() + " s from the receiver's clock (" + now + ")");
        }
    }

    private static String required(SignedRequest request, String header) {
        return request.header(header)
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new SignatureInvalidException("Missing header " + header));
    }

    private static long unixSeconds(String value, String what) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new SignatureInvalidException(what + " is not a Unix timestamp in seconds");
        }
    }

    private static Optional<byte[]> base64(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean ed25519(SigningKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(ed25519PublicKey(key.materialUnsafe()));
            verifier.update(content);
            return verifier.verify(signature);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    static PublicKey ed25519PublicKey(byte[] raw) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(concat(ED25519_X509_PREFIX, raw)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
