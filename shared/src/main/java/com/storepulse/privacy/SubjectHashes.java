package com.storepulse.privacy;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that names an erased customer without their id: HMAC-SHA256 of the store id
 * (8 bytes, big-endian) and the retailer's customer id (UTF-8). Without the key the hash cannot be
 * recomputed from a guessed id, so a suppression entry (and an audit line) holds nothing personal;
 * the store id in the input keeps one id's hashes in two stores unrelated.
 *
 * <p>The key is the setting {@value #KEY_SETTING} (base64 of 32 random bytes, or a
 * {@code secretsmanager:}/{@code ssm:} reference to it), read at each use through the settings'
 * cache, never during init. A changed key would make every earlier suppression unmatchable, so a
 * rotation keeps the former keys in {@value #PREVIOUS_KEYS_SETTING} (comma-separated): look-ups hash
 * under every key, new entries under the current one.
 */
public final class SubjectHashes {

    public static final String KEY_SETTING = "SUPPRESSION_HASH_KEY";
    public static final String PREVIOUS_KEYS_SETTING = "SUPPRESSION_HASH_PREVIOUS_KEYS";

    private static final int KEY_BYTES = 32;
    private static final int KEY_ID_BYTES = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The current key first, then the previous ones; empty when no key is configured. */
    private final Supplier<List<byte[]>> keys;

    private SubjectHashes(Supplier<List<byte[]>> keys) {
        this.keys = keys;
    }

    /** Keys read from {@code settings} at each use. */
    public static SubjectHashes fromSettings(Settings settings) {
        return new SubjectHashes(() -> {
            List<byte[]> all = new ArrayList<>();
            settings.get(KEY_SETTING).ifPresent(key -> all.add(decode(KEY_SETTING, key)));
            settings.get(PREVIOUS_KEYS_SETTING).ifPresent(previous -> {
                if (all.isEmpty()) {
                    throw new ConfigurationException(
                            PREVIOUS_KEYS_SETTING + " is set without " + KEY_SETTING + " (the current key)");
                }
                for (String key : previous.split(",")) {
                    if (!key.isBlank()) {
                        all.add(decode(PREVIOUS_KEYS_SETTING, key.strip()));
                    }
                }
            });
            return all;
        });
    }

    /** Fixed keys, the current one first (tests, tools). */
    public static SubjectHashes ofKeys(byte[] current, byte[]... previous) {
        List<byte[]> all = new ArrayList<>();
        all.add(checked("key", current));
        for (byte[] key : previous) {
            all.add(checked("previous key", key));
        }
        List<byte[]> fixed = List.copyOf(all);
        return new SubjectHashes(() -> fixed);
    }

    /** No key: nothing can be hashed (a writer built without one fails closed where a store has suppressions). */
    public static SubjectHashes none() {
        return new SubjectHashes(List::of);
    }

    /** A new random key, base64 (what {@value #KEY_SETTING} holds). */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public boolean configured() {
        return !keys.get().isEmpty();
    }

    /** The hash under the current key: what a new suppression entry stores. */
    public byte[] current(long storeId, String externalId) {
        return hash(requireKeys().get(0), storeId, externalId);
    }

    /** The id of the current key (the first 4 bytes of its SHA-256), stored beside each entry. */
    public byte[] currentKeyId() {
        try {
            return Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256").digest(requireKeys().get(0)), KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The hash under every configured key, the current one first: what a look-up compares. */
    public byte[][] all(long storeId, String externalId) {
        List<byte[]> all = requireKeys();
        byte[][] hashes = new byte[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            hashes[i] = hash(all.get(i), storeId, externalId);
        }
        return hashes;
    }

    /** {@link #all} as lower-case hex, how SQL binds them ({@code decode(x, 'hex')}: pgjdbc binds no bytea[]). */
    public String[] allHex(long storeId, String externalId) {
        byte[][] hashes = all(storeId, externalId);
        String[] hex = new String[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            hex[i] = java.util.HexFormat.of().formatHex(hashes[i]);
        }
        return hex;
    }

    private List<byte[]> requireKeys() {
        List<byte[]> all = keys.get();
        if (all.isEmpty()) {
            throw new ConfigurationException("missing required setting " + KEY_SETTING
                    + " (base64 of 32 random bytes, or a secretsmanager:/ssm: reference to it)");
        }
        return all;
    }

    private static byte[] hash(byte[] key, long storeId, String externalId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(storeId).array());
            return mac.doFinal(externalId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static byte[] decode(String setting, String base64) {
        try {
            return checked(setting, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is the key.
            throw new ConfigurationException("setting " + setting + " must be base64 of 32 bytes");
        }
    }

    private static byte[] checked(String what, byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new ConfigurationException(what + " must be 32 bytes");
        }
        return key.clone();
    }
}
