package com.storepulse.crypto;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest that StorePulse must be able to read back (a webhook source's HMAC secret, a
 * sync source's password): AES-256-GCM under one data key, so they cannot be hashed like API keys
 * but are never stored in clear.
 *
 * <p>A sealed value is {@code 0x01 | key id (4 bytes) | nonce (12 bytes) | ciphertext | tag (16
 * bytes)}. The key id is the first 4 bytes of SHA-256 of the key, so a value sealed under another
 * key is named as such instead of failing as "corrupt". The caller's {@code context} (for example
 * {@code webhook-secret:42}) is bound as GCM associated data: a sealed value copied to another row
 * does not open there.
 *
 * <p>The data key comes from the setting {@value #KEY_SETTING}: base64 of 32 random bytes
 * ({@code openssl rand -base64 32}), or a {@code secretsmanager:}/{@code ssm:} reference to it, which
 * {@link Settings} resolves on first use (never during init, so no key lands in a SnapStart
 * snapshot; it is read at each seal and open, through the settings' own cache). Rotation of the data
 * key: put the new key in {@value #KEY_SETTING} and the old one in {@value #PREVIOUS_KEYS_SETTING}
 * (comma-separated); values sealed under a previous key still open, new ones use the new key.
 */
public final class SecretBox {

    public static final String KEY_SETTING = "DATA_ENCRYPTION_KEY";
    public static final String PREVIOUS_KEYS_SETTING = "DATA_ENCRYPTION_PREVIOUS_KEYS";

    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int KEY_ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The current key first, then the previous ones. */
    private final Supplier<List<byte[]>> keys;

    private SecretBox(Supplier<List<byte[]>> keys) {
        this.keys = keys;
    }

    /** Keys read from {@code settings} at each use (the settings cache resolved secrets). */
    public static SecretBox fromSettings(Settings settings) {
        return new SecretBox(() -> {
            List<byte[]> all = new ArrayList<>();
            all.add(decodeKey(
                    KEY_SETTING,
                    settings.get(KEY_SETTING)
                            .orElseThrow(() -> new ConfigurationException("missing required setting " + KEY_SETTING
                                    + " (base64 of 32 random bytes, or a secretsmanager:/ssm: reference to it)"))));
            settings.get(PREVIOUS_KEYS_SETTING).ifPresent(previous -> {
                for (String key : previous.split(",")) {
                    if (!key.isBlank()) {
                        all.add(decodeKey(PREVIOUS_KEYS_SETTING, key.strip()));
                    }
                }
            });
            return all;
        });
    }

    /** A box with fixed keys, the current one first (tests, tools). */
    public static SecretBox ofKeys(byte[] current, byte[]... previous) {
        List<byte[]> all = new ArrayList<>();
        all.add(checkedKey("key", current));
        for (byte[] key : previous) {
            all.add(checkedKey("previous key", key));
        }
        List<byte[]> fixed = List.copyOf(all);
        return new SecretBox(() -> fixed);
    }

    /** A new random data key, base64 (what {@value #KEY_SETTING} holds). */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Encrypts {@code plaintext} under the current key, bound to {@code context}. */
    public byte[] seal(byte[] plaintext, String context) {
        byte[] key = keys.get().get(0);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(VERSION)
                    .put(keyId(key))
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts a value {@link #seal}ed with the same {@code context}, under the current or a previous
     * key.
     *
     * @throws SecretBoxException when no configured key sealed it, or it was altered or moved
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SecretBoxException("not a sealed value of this format");
        }
        byte[] id = Arrays.copyOfRange(sealed, 1, 1 + KEY_ID_BYTES);
        for (byte[] key : keys.get()) {
            if (MessageDigest.isEqual(keyId(key), id)) {
                try {
                    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                    cipher.init(
                            Cipher.DECRYPT_MODE,
                            new SecretKeySpec(key, "AES"),
                            new GCMParameterSpec(TAG_BITS, sealed, 1 + KEY_ID_BYTES, NONCE_BYTES));
                    cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
                } catch (AEADBadTagException e) {
                    throw new SecretBoxException("the sealed value was altered or belongs to another record");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-GCM is not available in this JVM", e);
                }
            }
        }
        throw new SecretBoxException("sealed under a data key that is not configured (" + KEY_SETTING + " or "
                + PREVIOUS_KEYS_SETTING + ")");
    }

    private static byte[] decodeKey(String setting, String base64) {
        try {
            return checkedKey(setting, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is the key.
            throw new ConfigurationException("setting " + setting + " must be base64 of 32 bytes");
        }
    }

    private static byte[] checkedKey(String what, byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new ConfigurationException(what + " must be 32 bytes (AES-256)");
        }
        return key.clone();
    }

    private static byte[] keyId(byte[] key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sealed value that cannot be opened with the configured keys; the message names no secret. */
    public static final class SecretBoxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretBoxException(String message) {
            super(message);
        }
    }
}
