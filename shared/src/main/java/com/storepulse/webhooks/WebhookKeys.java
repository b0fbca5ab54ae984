package com.storepulse.webhooks;

import com.storepulse.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The text forms of webhook keys. Standard Webhooks secrets are {@code whsec_} + base64 of the key
 * bytes, public keys {@code whpk_} + base64 of the 32-byte Ed25519 key. Shopify and Stripe use the
 * secret string itself as the HMAC key (a Stripe {@code whsec_...} is not base64-decoded).
 */
public final class WebhookKeys {

    public static final String SECRET_PREFIX = "whsec_";
    public static final String PUBLIC_KEY_PREFIX = "whpk_";
    /** 24 random bytes, as the reference libraries generate them. */
    private static final int SECRET_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookKeys() {}

    /** A new {@code whsec_} secret (every scheme accepts one as its secret string). */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of a secret string, as {@code scheme} derives it. */
    public static byte[] hmacKey(WebhookScheme scheme, byte[] secret) {
        if (scheme != WebhookScheme.STANDARD_WEBHOOKS) {
            return secret;
        }
        String text = new String(secret, StandardCharsets.UTF_8);
        String encoded = text.startsWith(SECRET_PREFIX) ? text.substring(SECRET_PREFIX.length()) : text;
        return Base64.getDecoder().decode(encoded);
    }

    /** Whether a secret string is usable with {@code scheme} (Standard Webhooks: {@code whsec_} + base64). */
    public static boolean isValidSecret(WebhookScheme scheme, String secret) {
        if (secret == null || secret.length() < 16 || secret.length() > 200) {
            return false;
        }
        if (scheme != WebhookScheme.STANDARD_WEBHOOKS) {
            return secret.chars().noneMatch(Character::isISOControl);
        }
        try {
            return secret.startsWith(SECRET_PREFIX)
                    && hmacKey(scheme, secret.getBytes(StandardCharsets.UTF_8)).length >= 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** The 32 bytes of a {@code whpk_} public key; a {@link ValidationException} on {@code field} otherwise. */
    public static byte[] parsePublicKey(String field, String text) {
        if (text == null || !text.startsWith(PUBLIC_KEY_PREFIX)) {
            throw ValidationException.of(field, "must be an Ed25519 public key: whpk_ followed by base64");
        }
        try {
            byte[] key = Base64.getDecoder().decode(text.substring(PUBLIC_KEY_PREFIX.length()));
            if (key.length != 32) {
                throw ValidationException.of(field, "must be 32 bytes of Ed25519 public key after whpk_");
            }
            return key;
        } catch (IllegalArgumentException notBase64) {
            throw ValidationException.of(field, "must be base64 after whpk_");
        }
    }

    public static String formatPublicKey(byte[] key) {
        return PUBLIC_KEY_PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
