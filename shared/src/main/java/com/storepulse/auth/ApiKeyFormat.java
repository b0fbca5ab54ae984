package com.storepulse.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The shape of a StorePulse API key: {@code sp_live_<prefix>_<secret>}, where the prefix is 8
 * lowercase letters or digits and the secret 32 base62 characters (about 190 bits).
 *
 * <p>{@code sp_live_<prefix>} is the public look-up handle stored in {@code api_key.prefix};
 * only the SHA-256 of the whole key is stored ({@code api_key.key_hash}). A fast hash is
 * enough because the secret is random, not a password.
 */
public final class ApiKeyFormat {

    public static final String KEY_PREFIX = "sp_live_";
    static final int PREFIX_LENGTH = 8;
    static final int SECRET_LENGTH = 32;

    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern FORMAT = Pattern.compile(
            "sp_live_[a-z0-9]{" + PREFIX_LENGTH + "}_[0-9A-Za-z]{" + SECRET_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A new random key. */
    public static String generate() {
        return KEY_PREFIX + randomChars(LOWER_ALNUM, PREFIX_LENGTH) + "_" + randomChars(BASE62, SECRET_LENGTH);
    }

    public static boolean isWellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** Returns {@code key} if it is well formed, else throws with a message that never echoes the key. */
    public static String requireWellFormed(String key, String what) {
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException(what + " is not a StorePulse API key: expected sp_live_ + 8 lowercase"
                    + " letters/digits + _ + 32 letters/digits (" + (key == null ? 0 : key.length()) + " characters given)");
        }
        return key;
    }

    /** The public look-up handle, {@code sp_live_xxxxxxxx}. */
    public static String prefixOf(String key) {
        requireWellFormed(key, "key");
        return key.substring(0, KEY_PREFIX.length() + PREFIX_LENGTH);
    }

    /** SHA-256 of the whole key, as stored in {@code api_key.key_hash}. */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so response timing reveals nothing about the stored hash. */
    public static boolean matches(String key, byte[] storedHash) {
        if (key == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(key), storedHash);
    }

    private static String randomChars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
