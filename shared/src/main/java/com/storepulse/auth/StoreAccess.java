package com.storepulse.auth;

import com.storepulse.cache.InProcessCache;
import java.time.Duration;
import java.time.InstantSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Whether a caller may read a store: the store belongs to the caller's tenant and, if the key
 * names its stores ({@code allowed_store_ids}), is one of them. Store owners are cached
 * in-process (a store never changes tenant); stores that do not exist are not cached.
 */
public final class StoreAccess {

    static final int MAX_CACHED_STORES = 10_000;

    private final Jdbi jdbi;
    private final InProcessCache<Long, Long> ownerByStore;

    public StoreAccess(Jdbi jdbi, Duration ttl, InstantSource clock) {
        this.jdbi = jdbi;
        this.ownerByStore = new InProcessCache<>(ttl, MAX_CACHED_STORES, clock);
    }

    public boolean mayRead(Caller caller, long storeId) {
        if (caller.admin()) {
            return false;
        }
        if (caller.allowedStoreIds() != null && !caller.allowedStoreIds().contains(storeId)) {
            return false;
        }
        Long owner = ownerByStore.get(storeId, this::load);
        return owner != null && owner == caller.tenantId();
    }

    private Long load(long storeId) {
        try {
            return jdbi.withExtension(StoreOwnerRepository.class, stores -> stores.tenantOfStore(storeId))
                    .orElse(null);
        } catch (JdbiException e) {
            throw AccessErrors.databaseUnavailable("store look-up", e);
        }
    }
}
