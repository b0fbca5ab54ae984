package com.storepulse.webhooks;

import java.time.Instant;

/**
 * What may be shown of a source's key: never an HMAC secret (shown once, when created), the public
 * key of an Ed25519 one.
 *
 * @param publicKey {@code whpk_...} for an Ed25519 key, null for HMAC
 */
public record SecretInfo(
        long secretId, String kind, String publicKey, Instant createdAt, Instant expiresAt, Instant revokedAt) {

    /** Whether it verifies at {@code now}. */
    public boolean liveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
