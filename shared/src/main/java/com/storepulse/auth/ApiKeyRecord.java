package com.storepulse.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One {@code api_key} row. {@code keyHash} is the SHA-256 of the key; the key itself is never stored. */
public record ApiKeyRecord(
        long apiKeyId,
        long tenantId,
        String prefix,
        byte[] keyHash,
        String name,
        List<String> scopes,
        List<Long> allowedStoreIds,
        int rateLimitPerMinute,
        int rateLimitBurst,
        Instant createdAt,
        Instant revokedAt,
        Instant expiresAt) {

    /** Usable now: not revoked and not past its expiry. */
    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Caller toCaller() {
        return new Caller(
                apiKeyId,
                tenantId,
                prefix,
                Set.copyOf(scopes),
                allowedStoreIds == null ? null : Set.copyOf(allowedStoreIds),
                rateLimitPerMinute,
                rateLimitBurst,
                false);
    }

    @Override
    public String toString() {
        return "ApiKeyRecord[id=" + apiKeyId + ", tenant=" + tenantId + ", prefix=" + prefix + "]";
    }
}
