package com.storepulse.stores;

import com.storepulse.errors.UnknownStoreException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Whether a store is one of a tenant's, in one primary-key look-up that answers the same way for
 * a store of another tenant and for no store at all: the check every admin registration under a
 * tenant makes (webhook sources, sync sources: the store named in the body belongs to the tenant
 * in the path, inside the caller's transaction), and the one an API key's store access makes.
 */
public final class TenantStores {

    private static final String STORE_OF_TENANT =
            ClasspathSqlLocator.removingComments().locate(TenantStores.class, "storeOfTenant");

    private TenantStores() {}

    /** @throws UnknownStoreException when the tenant has no such store (another tenant's store included) */
    public static void requireStoreOfTenant(Handle handle, long tenantId, long storeId) {
        if (!isStoreOfTenant(handle, tenantId, storeId)) {
            throw new UnknownStoreException(storeId, "No store " + storeId + " in tenant " + tenantId);
        }
    }

    /** False for another tenant's store and for a store that does not exist alike, by the same query. */
    public static boolean isStoreOfTenant(Handle handle, long tenantId, long storeId) {
        return handle.createQuery(STORE_OF_TENANT)
                .bind("storeId", storeId)
                .bind("tenantId", tenantId)
                .mapTo(Long.class)
                .findOne()
                .isPresent();
    }
}
