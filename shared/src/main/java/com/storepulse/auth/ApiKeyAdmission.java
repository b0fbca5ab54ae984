package com.storepulse.auth;

import com.storepulse.db.TenantScope;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DomainException;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.ratelimit.Acquisition;
import com.storepulse.ratelimit.RateLimitDecision;
import com.storepulse.ratelimit.RateLimitPolicy;
import com.storepulse.ratelimit.RateLimitedException;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.usage.UsageEntry;
import com.storepulse.usage.UsageMeter;
import com.storepulse.usage.UsageRecording;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.JdbiException;

/**
 * The customer API's {@link RequestAdmission} for API keys: the key (cached look-up,
 * constant-time hash check), its scope, for a store route the store, then the rate limit and one
 * usage count, in that order (with Redis, the rate-limit script counts the request itself: see
 * {@link UsageMeter}). So a request refused for its key, scope or rate is never billed, and a
 * request that passes is billed once whatever it answers afterwards (a bad query parameter
 * included). Each admission returns its own rate-limit decision; nothing is kept per key.
 *
 * <p>A request for a store the key may not read is decided <em>before</em> the rate-limit
 * script, from the key's allowed stores and {@link StoreAccess} (one primary-key read by store and
 * tenant, the same for another tenant's store as for none): it takes a token without counting
 * (the script is run without the usage hash), so probing another tenant's store ids is slowed by
 * the key's limit but never billed to the prober, and its refusal is the same whether the store
 * exists or not, in its body and in its time.
 *
 * <p>The admin key is refused here: it manages tenants and keys and reads no tenant's data (a
 * leaked admin key must not become a key to every retailer's customers, and tenant data reads
 * must be attributable to a tenant key for metering).
 *
 * <p>An admitted caller's tenant is named to the database ({@link TenantScope}) for the rest of
 * the invocation, so row-level security limits every statement of the route to that tenant.
 */
public final class ApiKeyAdmission implements RequestAdmission {

    private final ApiKeyAuthenticator authenticator;
    private final StoreAccess storeAccess;
    private final RateLimiter rateLimiter;
    private final UsageMeter usageMeter;
    private final MetricsRecorder metrics;

    public ApiKeyAdmission(
            ApiKeyAuthenticator authenticator,
            StoreAccess storeAccess,
            RateLimiter rateLimiter,
            UsageMeter usageMeter,
            MetricsRecorder metrics) {
        this.authenticator = authenticator;
        this.storeAccess = storeAccess;
        this.rateLimiter = rateLimiter;
        this.usageMeter = usageMeter;
        this.metrics = metrics;
    }

    @Override
    public Admitted admit(List<String> apiKeyHeader, String route, String requiredScope) {
        Caller caller = authenticate(apiKeyHeader, requiredScope);
        return new Admitted(caller, limitAndMeter(caller, route, null).decision());
    }

    @Override
    public AdmittedToStore admitToStore(
            List<String> apiKeyHeader, String route, String requiredScope, LongSupplier storeIdOfPath) {
        return admitToStore(apiKeyHeader, route, requiredScope, storeIdOfPath, storeId -> null);
    }

    /** The read along rides on the rate-limit script when Redis meters (a detail hit: one round trip). */
    @Override
    public AdmittedToStore admitToStore(
            List<String> apiKeyHeader,
            String route,
            String requiredScope,
            LongSupplier storeIdOfPath,
            LongFunction<PiggybackRead> readAlong) {
        Caller caller = authenticate(apiKeyHeader, requiredScope);
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
                throwIfRefused(rateLimiter.acquire(caller.apiKeyId(), policyOf(caller)));
            }
            throw refusal;
        }
        Acquisition taken = limitAndMeter(caller, route, readAlong.apply(storeId));
        return new AdmittedToStore(caller, storeId, taken.decision(), taken.readAlong());
    }

    private Caller authenticate(List<String> apiKeyHeader, String requiredScope) {
        Caller caller = authenticator.authenticate(apiKeyHeader);
        if (caller.admin()) {
            throw AccessErrors.forbidden("The admin key cannot read tenant data; use an API key of the tenant.");
        }
        if (!caller.hasScope(requiredScope)) {
            throw AccessErrors.forbidden("This API key lacks the scope " + requiredScope + ".");
        }
        // From here to the end of the invocation the database shows this tenant's rows only.
        TenantScope.enter(caller.tenantId());
        return caller;
    }

    /**
     * Takes a token and counts the request once (in the same Redis script when Redis meters, which
     * then also does {@code readAlong}).
     */
    private Acquisition limitAndMeter(Caller caller, String route, PiggybackRead readAlong) {
        UsageEntry usage = usageMeter.entry(caller.apiKeyId(), route);
        Acquisition taken = usageMeter.countsInRedis()
                ? rateLimiter.acquireAndCount(caller.apiKeyId(), policyOf(caller), usage, readAlong)
                : new Acquisition(rateLimiter.acquire(caller.apiKeyId(), policyOf(caller)), UsageRecording.NOT_COUNTED);
        throwIfRefused(taken.decision());
        try {
            usageMeter.settle(usage, taken.usage());
        } catch (JdbiException e) {
            throw AccessErrors.databaseUnavailable("usage metering", e);
        }
        return taken;
    }

    private void throwIfRefused(RateLimitDecision decision) {
        if (!decision.allowed()) {
            metrics.count(MetricNames.RATE_LIMITED);
            throw new RateLimitedException(decision);
        }
    }

    private static RateLimitPolicy policyOf(Caller caller) {
        return new RateLimitPolicy(caller.rateLimitPerMinute(), caller.rateLimitBurst());
    }
}
