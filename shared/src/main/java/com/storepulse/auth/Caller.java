package com.storepulse.auth;

import java.util.Set;

/**
 * Who is calling, once their API key has been checked.
 *
 * @param allowedStoreIds the stores the key may read; {@code null} means every store of its tenant
 * @param admin           the bootstrap admin key from configuration (tenant and key management only)
 */
public record Caller(
        long apiKeyId,
        long tenantId,
        String keyPrefix,
        Set<String> scopes,
        Set<Long> allowedStoreIds,
        int rateLimitPerMinute,
        int rateLimitBurst,
        boolean admin) {

    public boolean hasScope(String scope) {
        return admin || scopes.contains(scope);
    }
}
