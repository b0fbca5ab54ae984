package com.storepulse.customerapi.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.crypto.SecretBox;
import com.storepulse.customers.CustomerSort;
import com.storepulse.customers.KeysetPosition;
import com.storepulse.customers.ScoreSnapshot;
import com.storepulse.errors.SnapshotExpiredException;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, encrypted, query-bound keyset cursors.
 *
 * <pre>  v2.{base64url(AES-256-GCM seal of the payload JSON)}</pre>
 *
 * The payload holds the last row's sort key and internal customer id, plus {@code q}: a hash of
 * the query's normalized filters and sort (its "fingerprint"). It is sealed with {@link SecretBox}
 * under a key derived from the cursor key ({@code CURSOR_SIGNING_KEY}, through
 * {@link CursorSigningKey}): HMAC-SHA256(cursor key, {@value #ENCRYPTION_KEY_LABEL}). So the
 * cursor shows nothing of what it holds (docs/api.md promises that StorePulse's internal ids never
 * appear; a v1 cursor was readable base64 JSON with {@code "i":567} in it), and GCM's tag makes any
 * edit detectable before anything in the payload is read. The fingerprint makes a cursor useless
 * with other filters, another sort or another store, where its position would mean nothing.
 *
 * <p>It also holds the walk's snapshot: the score version the walk reads ({@code v}), whether the
 * store has been rescored since ({@code r}), and when the walk's first page was read ({@code t},
 * epoch seconds). A cursor is good for {@link ScoreSnapshot#WALK_LIFETIME} after that; later it is
 * a 400 CURSOR_EXPIRED on field {@code cursor} (the scorer drops the retired scores such a walk
 * would read; docs/api.md). A v1 cursor (signed, not encrypted: issued before this format) that
 * the current key signed is CURSOR_EXPIRED too, so a walk in progress during the upgrade starts
 * again as after an hour; it is not read.
 *
 * <p>Each cursor has a random 96-bit nonce: under one key, the chance that two of 2^32 cursors
 * share one is about 2^-33, and a walk lasts an hour.
 */
public final class CursorCodec {

    public static final int MAX_LENGTH = 512;
    static final String ENCRYPTION_KEY_LABEL = "storepulse cursor encryption v2";
    private static final String VERSION = "v2";
    private static final String SEALED_CONTEXT = "cursor:v2";
    private static final Pattern SHAPE = Pattern.compile("v2\\.[A-Za-z0-9_-]{46,480}");
    private static final Pattern V1_SHAPE = Pattern.compile("v1\\.[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;
    private final InstantSource clock;
    private final Duration lifetime;
    /** The box of the current cursor key, derived again when the key changes (a rotation). */
    private volatile KeyedBox box;

    private record KeyedBox(byte[] key, SecretBox box) {}

    /** What a cursor holds: where the next page starts, the snapshot it reads, when the walk began. */
    public record Cursor(KeysetPosition position, ScoreSnapshot snapshot, Instant walkStartedAt) {}

    public CursorCodec(Supplier<byte[]> key) {
        this(key, InstantSource.system(), ScoreSnapshot.WALK_LIFETIME);
    }

    public CursorCodec(Supplier<byte[]> key, InstantSource clock, Duration lifetime) {
        this.key = key;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Now, by this codec's clock: when a walk whose first page is being read begins. */
    public Instant now() {
        return clock.instant();
    }

    /** A cursor of a walk begun now at score version 0 (tests; the API passes the real snapshot). */
    public String encode(String queryFingerprint, KeysetPosition position) {
        return encode(queryFingerprint, position, new ScoreSnapshot(0, false), now());
    }

    public String encode(
            String queryFingerprint, KeysetPosition position, ScoreSnapshot snapshot, Instant walkStartedAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("q", fingerprintHash(queryFingerprint));
        payload.put("k", position.sortKey());
        payload.put("i", position.customerId());
        payload.put("v", snapshot.version());
        payload.put("r", snapshot.retired() ? 1 : 0);
        payload.put("t", walkStartedAt.getEpochSecond());
        return VERSION + "." + B64.encodeToString(box().seal(Json.writeBytes(payload), SEALED_CONTEXT));
    }

    /**
     * What {@code cursor} holds, or a 400 on field {@code cursor}: VALIDATION_FAILED if it was
     * altered or belongs to another query, CURSOR_EXPIRED if its walk began more than the lifetime ago.
     */
    public Cursor decode(String cursor, String queryFingerprint, CustomerSort sort) {
        if (cursor != null && V1_SHAPE.matcher(cursor).matches() && isSignedV1(cursor)) {
            throw new SnapshotExpiredException(
                    "was issued before cursors were encrypted; start again from the first page");
        }
        if (cursor == null || !SHAPE.matcher(cursor).matches()) {
            throw invalid();
        }
        String sealedPart = cursor.substring(VERSION.length() + 1);
        JsonNode payload;
        try {
            byte[] sealed = B64D.decode(sealedPart);
            if (!B64.encodeToString(sealed).equals(sealedPart)) {
                throw invalid(); // unused low bits of the last character edited: one cursor, one spelling
            }
            payload = Json.mapper().readTree(box().open(sealed, SEALED_CONTEXT));
        } catch (IOException | IllegalArgumentException | SecretBox.SecretBoxException e) {
            throw invalid();
        }
        if (!fingerprintHash(queryFingerprint).equals(payload.path("q").asText())) {
            throw ValidationException.of(
                    "cursor",
                    "belongs to a different query: send it with the same filters "
                            + "and sort as the request that returned it");
        }
        String sortKey = payload.path("k").asText(null);
        JsonNode id = payload.path("i");
        JsonNode version = payload.path("v");
        JsonNode started = payload.path("t");
        if (!id.canConvertToLong()
                || id.asLong() <= 0
                || !sort.isValidKey(sortKey)
                || !version.canConvertToLong()
                || !started.canConvertToLong()) {
            throw invalid();
        }
        Instant walkStartedAt = Instant.ofEpochSecond(started.asLong());
        if (now().isAfter(walkStartedAt.plus(lifetime))) {
            throw new SnapshotExpiredException("the walk began more than " + lifetime.toMinutes() + " minutes ago (at "
                    + walkStartedAt + "); start again from the first page");
        }
        return new Cursor(
                new KeysetPosition(sortKey, id.asLong()),
                new ScoreSnapshot(version.asLong(), payload.path("r").asInt() == 1),
                walkStartedAt);
    }

    private static ValidationException invalid() {
        return ValidationException.of(
                "cursor",
                "is not a cursor this API issued (it may have been altered, or "
                        + "issued before a key rotation); start again from the first page");
    }

    /** The box sealing cursors under the key derived from the current cursor key. */
    private SecretBox box() {
        byte[] current = key.get();
        KeyedBox keyed = box;
        if (keyed == null || !MessageDigest.isEqual(keyed.key(), current)) {
            keyed = new KeyedBox(current.clone(), SecretBox.ofKeys(hmac(current, ENCRYPTION_KEY_LABEL)));
            box = keyed;
        }
        return keyed.box();
    }

    /** Whether a v1 cursor carries the signature the current key gives its body (read no further). */
    private boolean isSignedV1(String cursor) {
        int cut = cursor.lastIndexOf('.');
        byte[] signature;
        try {
            signature = B64D.decode(cursor.substring(cut + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(key.get(), cursor.substring(0, cut)), signature);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** 128 bits of SHA-256 of the fingerprint: enough to tell queries apart, short in the cursor. */
    private static String fingerprintHash(String fingerprint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
