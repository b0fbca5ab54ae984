package com.storepulse.customerapi.paging;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Opaque, signed, query-bound keyset cursors.
 *
 * <pre>  v1.{base64url(payload JSON)}.{base64url(HMAC-SHA256(key, "v1." + payload part))}</pre>
 *
 * The payload holds the last row's sort key and customer id, plus {@code q}: a hash of the
 * query's normalized filters and sort (its "fingerprint"). The signature makes any edit
 * detectable; the fingerprint makes a cursor useless with other filters, another sort or another
 * store, where its position would mean nothing. The signature is checked before anything in the
 * payload is read, in constant time.
 *
 * <p>It also holds the walk's snapshot: the score version the walk reads ({@code v}), whether the
 * store has been rescored since ({@code r}), and when the walk's first page was read ({@code t},
 * epoch seconds). A cursor is good for {@link ScoreSnapshot#WALK_LIFETIME} after that; later it is
 * a 400 CURSOR_EXPIRED on field {@code cursor} (the scorer drops the retired scores such a walk
 * would read; docs/api.md).
 */
public final class CursorCodec {

    public static final int MAX_LENGTH = 512;
    private static final String VERSION = "v1";
    private static final Pattern SHAPE = Pattern.compile("v1\\.[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;
    private final InstantSource clock;
    private final Duration lifetime;
    /**
     * A Mac per thread (a Mac is not thread-safe; looking one up costs more than signing), kept
     * with the key it was initialised with, so a rotated key is picked up on the next call.
     */
    private final ThreadLocal<KeyedMac> macs = new ThreadLocal<>();

    private record KeyedMac(byte[] key, Mac mac) {}

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
        String body = VERSION + "." + B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(body));
    }

    /**
     * What {@code cursor} holds, or a 400 on field {@code cursor}: VALIDATION_FAILED if it was
     * altered or belongs to another query, CURSOR_EXPIRED if its walk began more than the lifetime ago.
     */
    public Cursor decode(String cursor, String queryFingerprint, CustomerSort sort) {
        if (cursor == null || !SHAPE.matcher(cursor).matches()) {
            throw invalid();
        }
        int cut = cursor.lastIndexOf('.');
        String body = cursor.substring(0, cut);
        byte[] signature = B64D.decode(cursor.substring(cut + 1));
        if (!MessageDigest.isEqual(sign(body), signature)) {
            throw invalid();
        }
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(B64D.decode(body.substring(VERSION.length() + 1)));
        } catch (IOException | IllegalArgumentException e) {
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
        if (!id.canConvertToLong() || id.asLong() <= 0 || !sort.isValidKey(sortKey)) {
            throw invalid();
        }
        JsonNode version = payload.path("v");
        JsonNode started = payload.path("t");
        if (!version.canConvertToLong() || !started.canConvertToLong()) {
            // signed by this key but from before snapshots: its walk cannot be continued consistently
            throw new SnapshotExpiredException(
                    "was issued before walks read a snapshot; start again from the first page");
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

    private byte[] sign(String body) {
        byte[] current = key.get();
        KeyedMac keyed = macs.get();
        if (keyed == null || !MessageDigest.isEqual(keyed.key(), current)) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(current, "HmacSHA256"));
                keyed = new KeyedMac(current.clone(), mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
            macs.set(keyed);
        }
        return keyed.mac().doFinal(body.getBytes(StandardCharsets.UTF_8)); // doFinal also resets it
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
