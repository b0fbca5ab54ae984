package com.storepulse.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.Map;

/**
 * What every tenant route of the customer API goes through before it reads data.
 *
 * <p>Errors are {@link com.storepulse.problem.ApiException}s: missing or invalid or revoked key
 * 401 UNAUTHENTICATED, missing scope 403 FORBIDDEN, rate limit exceeded 429 RATE_LIMITED (with
 * Retry-After and RateLimit-* headers), a store the caller may not read 404 NOT_FOUND (the same
 * answer as a store that does not exist, so other tenants' stores are not revealed).
 */
public interface RequestGuard {

    /**
     * Authenticates the {@code x-api-key} header, checks {@code requiredScope}, applies the key's
     * rate limit and meters the request once for {@code route} (a route template such as
     * {@code GET /v1/stores/{storeId}/customers}).
     */
    Caller admit(APIGatewayProxyRequestEvent event, String route, String requiredScope);

    /** Throws 404 unless the store exists and the caller may read it. */
    void requireStore(Caller caller, long storeId);

    /** RateLimit-Limit / -Remaining / -Reset for the caller, to add to a successful response. */
    Map<String, String> rateLimitHeaders(Caller caller);
}
