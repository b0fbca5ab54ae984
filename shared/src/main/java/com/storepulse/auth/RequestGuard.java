package com.storepulse.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.redis.PiggybackRead;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * What every tenant route of the customer API goes through before it reads data.
 *
 * <p>Errors are {@link com.storepulse.http.ApiException}s: missing or invalid or revoked key
 * 401 UNAUTHENTICATED, missing scope 403 FORBIDDEN, rate limit exceeded 429 RATE_LIMITED (with
 * Retry-After and RateLimit-* headers), a store the caller may not read 404 NOT_FOUND (the same
 * answer as a store that does not exist, so other tenants' stores are not revealed).
 */
public interface RequestGuard {

    /**
     * A caller admitted to one store: {@code storeId} is a store the caller may read;
     * {@code readAlong} is what the admission's read along found (null when none was done).
     */
    record StoreGrant(Caller caller, long storeId, PiggybackRead.Outcome readAlong) {

        public StoreGrant(Caller caller, long storeId) {
            this(caller, storeId, null);
        }
    }

    /**
     * For a route that is not about one store ({@code GET /v1/stores}, {@code GET /v1/usage}):
     * authenticates the {@code x-api-key} header, checks {@code requiredScope}, applies the key's
     * rate limit and meters the request once for {@code route} (a route template such as
     * {@code GET /v1/stores}).
     */
    Caller admit(APIGatewayProxyRequestEvent event, String route, String requiredScope);

    /**
     * For a route of one store ({@code /v1/stores/{storeId}/...}): key and scope as {@link #admit},
     * then the store. {@code storeId} reads the path's store id (it may throw a 400); it is read
     * only after the key and scope checks, so a request without a valid key is a 401 whatever its
     * path. A request for a store the caller may not read (another tenant's, one outside the key's
     * allowed stores, one that does not exist) or with a malformed store id still takes a
     * rate-limit token (429 when there is none, which slows enumeration) but is <b>not metered</b>,
     * and then gets its 404 (400). Only a request for a readable store is metered.
     */
    StoreGrant admitToStore(
            APIGatewayProxyRequestEvent event, String route, String requiredScope, LongSupplier storeId);

    /**
     * {@link #admitToStore(APIGatewayProxyRequestEvent, String, String, LongSupplier)}, and once the
     * store is known to be readable, the cache read {@code readAlong.apply(storeId)} (null: none)
     * is done in the admission's own Redis round trip where the guard can: the grant's
     * {@code readAlong()} then holds its outcome. Only an admitted request reads. A guard that
     * cannot answers null there, and the route reads as usual.
     */
    default StoreGrant admitToStore(
            APIGatewayProxyRequestEvent event,
            String route,
            String requiredScope,
            LongSupplier storeId,
            LongFunction<PiggybackRead> readAlong) {
        return admitToStore(event, route, requiredScope, storeId);
    }

    /** RateLimit-Limit / -Remaining / -Reset for the caller, to add to a successful response. */
    Map<String, String> rateLimitHeaders(Caller caller);
}
