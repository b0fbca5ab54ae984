package com.storepulse.customerapi;

import com.storepulse.auth.Caller;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.db.TenantScope;
import com.storepulse.errors.AccessDeniedException;
import com.storepulse.errors.NotAuthenticatedException;
import com.storepulse.errors.NotFoundException;
import com.storepulse.ratelimit.RateLimitDecision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * A test-scope {@link RequestAdmission} that keeps the contract (refusals as RequestAdmission
 * documents) without the key machinery: keys are registered by the test, and store ownership is
 * read from the real {@code store} table, so tenant isolation is exercised against real rows.
 */
public final class TestAdmission implements RequestAdmission {

    private static final Map<String, Caller> KEYS = new ConcurrentHashMap<>();
    private final Jdbi jdbi;

    public TestAdmission(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Registers {@code key} for a tenant with the given scopes and allowed stores (null: all of the tenant's). */
    public static String key(String key, long tenantId, Set<String> scopes, Set<Long> allowedStoreIds) {
        KEYS.put(
                key,
                new Caller(
                        KEYS.size() + 1,
                        tenantId,
                        key.substring(0, Math.min(8, key.length())),
                        scopes,
                        allowedStoreIds,
                        600,
                        100,
                        false));
        return key;
    }

    @Override
    public Admitted admit(List<String> apiKeyHeader, String route, String requiredScope) {
        Caller caller = caller(apiKeyHeader, requiredScope);
        return new Admitted(caller, decision(caller));
    }

    private Caller caller(List<String> apiKeyHeader, String requiredScope) {
        String key = apiKeyHeader.stream()
                .findFirst()
                .orElseThrow(() -> new NotAuthenticatedException("An API key is required (x-api-key header)"));
        Caller caller = KEYS.get(key);
        if (caller == null) {
            throw new NotAuthenticatedException("The API key is not valid");
        }
        if (!caller.hasScope(requiredScope)) {
            throw new AccessDeniedException("The API key lacks scope " + requiredScope);
        }
        TenantScope.enter(caller.tenantId()); // as ApiKeyAdmission does
        return caller;
    }

    @Override
    public AdmittedToStore admitToStore(
            List<String> apiKeyHeader, String route, String requiredScope, LongSupplier storeIdOfPath) {
        Caller caller = caller(apiKeyHeader, requiredScope);
        long storeId = storeIdOfPath.getAsLong();
        Optional<Long> owner = jdbi.withHandle(h -> h.createQuery("SELECT tenant_id FROM store WHERE store_id = :id")
                .bind("id", storeId)
                .mapTo(Long.class)
                .findOne());
        boolean allowed = owner.isPresent()
                && owner.get() == caller.tenantId()
                && (caller.allowedStoreIds() == null || caller.allowedStoreIds().contains(storeId));
        if (!allowed) {
            throw new NotFoundException("No such store");
        }
        return new AdmittedToStore(caller, storeId, decision(caller), null);
    }

    /** A fixed decision: limit = the key's per-minute rate, one token taken, full again in 60 s. */
    private static RateLimitDecision decision(Caller caller) {
        return new RateLimitDecision(
                true, caller.rateLimitPerMinute(), caller.rateLimitPerMinute() - 1, 0, 60_000, false);
    }
}
