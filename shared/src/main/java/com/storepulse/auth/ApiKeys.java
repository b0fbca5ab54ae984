package com.storepulse.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The tenant API key format: {@code sp_live_<prefix>_<secret>}, where the prefix is 8 lowercase
 * letters or digits and the secret 32 base62 characters (~190 bits from {@link SecureRandom}).
 *
 * <p>{@code sp_live_<prefix>} is the public look-up handle stored in {@code api_key.prefix} (it is
 * not secret: key listings show it); only the SHA-256 of the whole key is stored. A fast hash is
 * right here, unlike for passwords: the secret is random and long, so there is nothing to guess.
 */
public final class ApiKeys {

    public static final String PREFIX_START = "sp_live_";
    /** Longer than any well-formed key: anything longer is rejected before hashing or matching. */
    public static final int MAX_LENGTH = 64;

    private static final int PREFIX_CHARS = 8;
    private static final int SECRET_CHARS = 32;
    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORMAT = Pattern.compile("sp_live_[a-z0-9]{8}_[A-Za-z0-9]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key: the secret to show once, its public prefix and the hash to store. */
    public record GeneratedKey(String key, String prefix, byte[] hash) {
        @Override
        public String toString() {
            return "GeneratedKey[prefix=" + prefix + "]"; // never the key itself
        }
    }

    private ApiKeys() {}

    public static GeneratedKey generate() {
        String key = PREFIX_START + random(PREFIX_ALPHABET, PREFIX_CHARS) + "_" + random(SECRET_ALPHABET, SECRET_CHARS);
        return new GeneratedKey(key, prefixOf(key), hash(key));
    }

    public static boolean isWellFormed(String key) {
        return key != null && key.length() <= MAX_LENGTH && FORMAT.matcher(key).matches();
    }

    /** Returns {@code key} if it is well formed, else throws with a message that never echoes the key. */
    public static String requireWellFormed(String key, String what) {
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException(what + " is not a StorePulse API key: expected sp_live_ + 8 lowercase"
                    + " letters/digits + _ + 32 letters/digits (" + (key == null ? 0 : key.length())
                    + " characters given)");
        }
        return key;
    }

    /** {@code sp_live_xxxxxxxx} of a well-formed key. */
    public static String prefixOf(String key) {
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException("not a StorePulse API key");
        }
        return key.substring(0, PREFIX_START.length() + PREFIX_CHARS);
    }

    /** SHA-256 of the whole key (UTF-8). */
    public static byte[] hash(String key) {
        return sha256(key);
    }

    /** Whether {@code key} hashes to {@code expectedHash}, compared in constant time. */
    public static boolean matches(String key, byte[] expectedHash) {
        return key != null && expectedHash != null && MessageDigest.isEqual(hash(key), expectedHash);
    }

    /** SHA-256 of any string; comparing digests makes a comparison constant-time whatever the lengths. */
    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
