package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.auth.Caller;
import com.storepulse.auth.RequestGuard;
import com.storepulse.errors.AccessDeniedException;
import com.storepulse.errors.NotAuthenticatedException;
import com.storepulse.errors.NotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * A test-scope {@link RequestGuard} that keeps the contract (401 / 403 / 404 as RequestGuard
 * documents) without the key machinery: keys are registered by the test, and store ownership is
 * read from the real {@code store} table, so tenant isolation is exercised against real rows.
 */
public final class TestGuard implements RequestGuard {

    private static final Map<String, Caller> KEYS = new ConcurrentHashMap<>();
    private final Jdbi jdbi;

    public TestGuard(Jdbi jdbi) {
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
    public Caller admit(APIGatewayProxyRequestEvent event, String route, String requiredScope) {
        String key = header(event, "x-api-key")
                .orElseThrow(() -> new NotAuthenticatedException("An API key is required (x-api-key header)"));
        Caller caller = KEYS.get(key);
        if (caller == null) {
            throw new NotAuthenticatedException("The API key is not valid");
        }
        if (!caller.hasScope(requiredScope)) {
            throw new AccessDeniedException("The API key lacks scope " + requiredScope);
        }
        return caller;
    }

    @Override
    public StoreGrant admitToStore(
            APIGatewayProxyRequestEvent event, String route, String requiredScope, LongSupplier storeIdOfPath) {
        Caller caller = admit(event, route, requiredScope);
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
        return new StoreGrant(caller, storeId);
    }

    @Override
    public Map<String, String> rateLimitHeaders(Caller caller) {
        return Map.of(
                "RateLimit-Limit",
                String.valueOf(caller.rateLimitPerMinute()),
                "RateLimit-Remaining",
                String.valueOf(caller.rateLimitPerMinute() - 1),
                "RateLimit-Reset",
                "60");
    }

    private static Optional<String> header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() == null) {
            return Optional.empty();
        }
        return event.getHeaders().entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
