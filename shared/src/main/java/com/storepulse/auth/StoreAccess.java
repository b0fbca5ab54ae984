package com.storepulse.auth;

import com.storepulse.cache.InProcessCache;
import com.storepulse.stores.TenantStores;
import java.time.Duration;
import java.time.InstantSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Whether a caller may read a store: the store belongs to the caller's tenant and, if the key
 * names its stores ({@code allowed_store_ids}), is one of them.
 *
 * <p>The answer takes the same work whether another tenant owns the store or no store has the id,
 * so the time of a 404 does not tell the two apart (it did: owners were cached per store, so
 * another tenant's store answered from memory and a missing one from the database). A store of the
 * caller's tenant is remembered per tenant and store for the TTL (a store never changes tenant);
 * anything else is never remembered and is asked of the database each time, by one query that
 * looks the store up by id and tenant together ({@link TenantStores#isStoreOfTenant}).
 */
public final class StoreAccess {

    static final int MAX_CACHED_STORES = 10_000;

    private record TenantStore(long tenantId, long storeId) {}

    private final Jdbi jdbi;
    /** Only stores of the tenant: a refusal is never cached, so it always costs the same query. */
    private final InProcessCache<TenantStore, Boolean> ownStores;

    public StoreAccess(Jdbi jdbi, Duration ttl, InstantSource clock) {
        this.jdbi = jdbi;
        this.ownStores = new InProcessCache<>(ttl, MAX_CACHED_STORES, clock);
    }

    public boolean mayRead(Caller caller, long storeId) {
        if (caller.admin()) {
            return false;
        }
        if (caller.allowedStoreIds() != null && !caller.allowedStoreIds().contains(storeId)) {
            return false;
        }
        return ownStores.get(new TenantStore(caller.tenantId(), storeId), this::load) != null;
    }

    /** TRUE for a store of the tenant; null (not cached) for another tenant's store and for none. */
    private Boolean load(TenantStore key) {
        try {
            return jdbi.withHandle(h -> TenantStores.isStoreOfTenant(h, key.tenantId(), key.storeId()))
                    ? Boolean.TRUE
                    : null;
        } catch (JdbiException e) {
            throw AccessErrors.databaseUnavailable("store look-up", e);
        }
    }
}
