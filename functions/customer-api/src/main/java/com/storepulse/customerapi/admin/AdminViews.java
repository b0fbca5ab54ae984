package com.storepulse.customerapi.admin;

import com.storepulse.auth.ApiKeyRecord;
import java.time.Instant;
import java.util.List;

/** What the admin routes answer. No view ever carries a key hash; only {@link CreatedApiKey} the key, once. */
final class AdminViews {

    private AdminViews() {}

    record Tenant(long tenantId, String slug, String name, Instant createdAt) {}

    record Store(long storeId, long tenantId, String name, String currency, String timezone, Instant createdAt) {}

    /** A key as listed: {@code status} is active, revoked or expired. */
    record ApiKey(
            long apiKeyId,
            long tenantId,
            String name,
            String prefix,
            List<String> scopes,
            List<Long> allowedStoreIds,
            int rateLimitPerMinute,
            int rateLimitBurst,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            String status) {

        static ApiKey of(ApiKeyRecord row, Instant now) {
            String status = row.revokedAt() != null ? "revoked" : row.isActive(now) ? "active" : "expired";
            return new ApiKey(
                    row.apiKeyId(),
                    row.tenantId(),
                    row.name(),
                    row.prefix(),
                    row.scopes(),
                    row.allowedStoreIds(),
                    row.rateLimitPerMinute(),
                    row.rateLimitBurst(),
                    row.createdAt(),
                    row.expiresAt(),
                    row.revokedAt(),
                    status);
        }
    }

    /** The answer to creating a key: the listing plus the secret, shown this one time. */
    record CreatedApiKey(String key, ApiKey apiKey) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + apiKey.prefix() + "]";
        }
    }

    record ApiKeyList(List<ApiKey> items) {}
}
