package com.storepulse.auth;

import com.storepulse.ratelimit.RateLimitDecision;
import com.storepulse.redis.PiggybackRead;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Admits a request to a tenant route of the customer API, in this order: authenticates its API
 * key, checks the key's scope, for a store route authorizes the store, takes a token from the
 * key's rate limit and meters the request once. What the response needs comes back with the
 * admission (the caller, the store, this request's own rate-limit decision for its
 * {@code RateLimit-*} headers, and a read done on the way), so nothing is kept between requests.
 *
 * <p>It reads the key from {@code apiKeyHeader}: every value the request sent in the
 * {@value ApiKeyAuthenticator#HEADER} header (any spelling of the name, either header map),
 * gathered by the HTTP edge. It knows no request type.
 *
 * <p>Refusals are domain errors: a missing, invalid or revoked key
 * {@link com.storepulse.errors.NotAuthenticatedException}, a missing scope
 * {@link com.storepulse.errors.AccessDeniedException}, an empty bucket
 * {@link com.storepulse.ratelimit.RateLimitedException}, a store the caller may not read
 * {@link com.storepulse.errors.UnknownStoreException} (the same as a store that does not exist,
 * so other tenants' stores are not revealed).
 */
public interface RequestAdmission {

    /** An admitted request: who calls, and the rate-limit decision its response reports. */
    record Admitted(Caller caller, RateLimitDecision rateLimit) {}

    /**
     * An admitted request to one store: {@code storeId} is a store the caller may read;
     * {@code readAlong} is what the admission's read along found (null when none was done).
     */
    record AdmittedToStore(Caller caller, long storeId, RateLimitDecision rateLimit, PiggybackRead.Outcome readAlong) {}

    /**
     * For a route that is not about one store ({@code GET /v1/stores}, {@code GET /v1/usage}):
     * authenticates the key, checks {@code requiredScope}, takes a rate-limit token and meters the
     * request once for {@code route} (a route template such as {@code GET /v1/stores}).
     */
    Admitted admit(List<String> apiKeyHeader, String route, String requiredScope);

    /**
     * For a route of one store ({@code /v1/stores/{storeId}/...}): key and scope as {@link #admit},
     * then the store. {@code storeId} reads the path's store id (it may throw a validation error);
     * it is read only after the key and scope checks, so a request without a valid key is refused
     * as such whatever its path. A request for a store the caller may not read (another tenant's,
     * one outside the key's allowed stores, one that does not exist) or with a malformed store id
     * still takes a rate-limit token (refused when there is none, which slows enumeration) but is
     * <b>not metered</b>, and is then refused. Only a request for a readable store is metered.
     */
    AdmittedToStore admitToStore(List<String> apiKeyHeader, String route, String requiredScope, LongSupplier storeId);

    /**
     * {@link #admitToStore(List, String, String, LongSupplier)}, and once the store is known to be
     * readable, the read {@code readAlong.apply(storeId)} (null: none) is done in the admission's
     * own Redis round trip where it can: {@code readAlong()} of the answer then holds its outcome.
     * Only an admitted request reads. Where it cannot, that is null and the caller reads as usual.
     */
    default AdmittedToStore admitToStore(
            List<String> apiKeyHeader,
            String route,
            String requiredScope,
            LongSupplier storeId,
            LongFunction<PiggybackRead> readAlong) {
        return admitToStore(apiKeyHeader, route, requiredScope, storeId);
    }
}
