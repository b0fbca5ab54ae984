package com.storepulse.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.cache.InProcessCache;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DomainException;
import com.storepulse.http.RateLimitHeaders;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.ratelimit.Admission;
import com.storepulse.ratelimit.RateLimitDecision;
import com.storepulse.ratelimit.RateLimitPolicy;
import com.storepulse.ratelimit.RateLimitedException;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.usage.UsageEntry;
import com.storepulse.usage.UsageMeter;
import com.storepulse.usage.UsageRecording;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.JdbiException;

/**
 * The customer API's {@link RequestGuard}: API key (cached look-up, constant-time hash check),
 * scope, for a store route the store, then the rate limit and one usage count, in that order
 * (with Redis, the rate-limit script counts the request itself: see {@link UsageMeter}). So a
 * 401, 403 or 429 is never billed, and a request that passes is billed once whatever it answers
 * afterwards (a 400 for a bad query parameter included).
 *
 * <p>A request for a store the key may not read is decided <em>before</em> the rate-limit
 * script, from the key's allowed stores and the in-process cache of store owners (one
 * primary-key read on a miss): it takes a token without counting (the script is run without the
 * usage hash), so probing another tenant's store ids is slowed by the key's limit but never
 * billed to the prober, and its 404 is the same whether the store exists or not.
 *
 * <p>The admin key is refused here with 403: it manages tenants and keys and reads no tenant's
 * data (a leaked admin key must not become a key to every retailer's customers, and tenant
 * data reads must be attributable to a tenant key for metering).
 */
public final class DatabaseRequestGuard implements RequestGuard {

    private final ApiKeyAuthenticator authenticator;
    private final StoreAccess storeAccess;
    private final RateLimiter rateLimiter;
    private final UsageMeter usageMeter;
    private final MetricsRecorder metrics;
    // The latest decision per key, for rateLimitHeaders(caller) after admit().
    private final InProcessCache<Long, RateLimitDecision> latestDecisions;

    public DatabaseRequestGuard(
            ApiKeyAuthenticator authenticator,
            StoreAccess storeAccess,
            RateLimiter rateLimiter,
            UsageMeter usageMeter,
            MetricsRecorder metrics,
            InstantSource clock) {
        this.authenticator = authenticator;
        this.storeAccess = storeAccess;
        this.rateLimiter = rateLimiter;
        this.usageMeter = usageMeter;
        this.metrics = metrics;
        this.latestDecisions = new InProcessCache<>(Duration.ofMinutes(1), 10_000, clock);
    }

    @Override
    public Caller admit(APIGatewayProxyRequestEvent event, String route, String requiredScope) {
        Caller caller = authenticate(event, requiredScope);
        limitAndMeter(caller, route, null);
        return caller;
    }

    @Override
    public StoreGrant admitToStore(
            APIGatewayProxyRequestEvent event, String route, String requiredScope, LongSupplier storeIdOfPath) {
        return admitToStore(event, route, requiredScope, storeIdOfPath, storeId -> null);
    }

    /** The read along rides on the rate-limit script when Redis meters (a detail hit: one round trip). */
    @Override
    public StoreGrant admitToStore(
            APIGatewayProxyRequestEvent event,
            String route,
            String requiredScope,
            LongSupplier storeIdOfPath,
            LongFunction<PiggybackRead> readAlong) {
        Caller caller = authenticate(event, requiredScope);
        DomainException refusal;
        long storeId = 0;
        try {
            storeId = storeIdOfPath.getAsLong();
            refusal = storeAccess.mayRead(caller, storeId) ? null : AccessErrors.storeNotFound(storeId);
        } catch (DomainException malformedOrUnavailable) {
            refusal = malformedOrUnavailable;
        }
        if (refusal != null) {
            if (!(refusal instanceof DependencyUnavailableException)) {
                // Not metered, but rate limited: a token is taken, so probing store ids is slowed by the key's limit.
                throwIfRefused(caller, rateLimiter.acquire(caller.apiKeyId(), policyOf(caller)));
            }
            throw refusal;
        }
        PiggybackRead.Outcome read = limitAndMeter(caller, route, readAlong.apply(storeId));
        return new StoreGrant(caller, storeId, read);
    }

    private Caller authenticate(APIGatewayProxyRequestEvent event, String requiredScope) {
        Caller caller = authenticator.authenticate(event);
        if (caller.admin()) {
            throw AccessErrors.forbidden("The admin key cannot read tenant data; use an API key of the tenant.");
        }
        if (!caller.hasScope(requiredScope)) {
            throw AccessErrors.forbidden("This API key lacks the scope " + requiredScope + ".");
        }
        return caller;
    }

    /**
     * Takes a token and counts the request once (in the same Redis script when Redis meters, which
     * then also does {@code readAlong}); the read's outcome, or null when it was not done.
     */
    private PiggybackRead.Outcome limitAndMeter(Caller caller, String route, PiggybackRead readAlong) {
        UsageEntry usage = usageMeter.entry(caller.apiKeyId(), route);
        Admission admission = usageMeter.countsInRedis()
                ? rateLimiter.acquireAndCount(caller.apiKeyId(), policyOf(caller), usage, readAlong)
                : new Admission(rateLimiter.acquire(caller.apiKeyId(), policyOf(caller)), UsageRecording.NOT_COUNTED);
        throwIfRefused(caller, admission.decision());
        try {
            usageMeter.settle(usage, admission.usage());
        } catch (JdbiException e) {
            throw AccessErrors.databaseUnavailable("usage metering", e);
        }
        return admission.readAlong();
    }

    private void throwIfRefused(Caller caller, RateLimitDecision decision) {
        latestDecisions.put(caller.apiKeyId(), decision);
        if (!decision.allowed()) {
            metrics.count(MetricNames.RATE_LIMITED);
            throw new RateLimitedException(decision);
        }
    }

    @Override
    public Map<String, String> rateLimitHeaders(Caller caller) {
        if (caller.admin()) {
            return Map.of(); // the admin key is not rate limited
        }
        RateLimitDecision latest = latestDecisions.getIfPresent(caller.apiKeyId());
        return RateLimitHeaders.of(latest != null ? latest : RateLimitDecision.full(policyOf(caller)));
    }

    private static RateLimitPolicy policyOf(Caller caller) {
        return new RateLimitPolicy(caller.rateLimitPerMinute(), caller.rateLimitBurst());
    }
}
