package com.storepulse.customerapi.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customers.CustomerSort;
import com.storepulse.customers.KeysetPosition;
import com.storepulse.json.Json;
import com.storepulse.problem.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 */
public final class CursorCodec {

    public static final int MAX_LENGTH = 512;
    private static final String VERSION = "v1";
    private static final Pattern SHAPE = Pattern.compile("v1\\.[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;

    public CursorCodec(Supplier<byte[]> key) {
        this.key = key;
    }

    public String encode(String queryFingerprint, KeysetPosition position) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("q", fingerprintHash(queryFingerprint));
        payload.put("k", position.sortKey());
        payload.put("i", position.customerId());
        String body = VERSION + "." + B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(body));
    }

    /** The position in {@code cursor}, or a 400 on field {@code cursor} if it was altered or belongs to another query. */
    public KeysetPosition decode(String cursor, String queryFingerprint, CustomerSort sort) {
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
            throw ApiException.validation("cursor", "belongs to a different query: send it with the same filters "
                    + "and sort as the request that returned it");
        }
        String sortKey = payload.path("k").asText(null);
        JsonNode id = payload.path("i");
        if (!id.canConvertToLong() || id.asLong() <= 0 || !sort.isValidKey(sortKey)) {
            throw invalid();
        }
        return new KeysetPosition(sortKey, id.asLong());
    }

    private static ApiException invalid() {
        return ApiException.validation("cursor", "is not a cursor this API issued (it may have been altered, or "
                + "issued before a key rotation); start again from the first page");
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
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
