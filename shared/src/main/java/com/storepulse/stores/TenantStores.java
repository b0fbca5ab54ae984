package com.storepulse.stores;

import com.storepulse.errors.UnknownStoreException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The check every admin registration under a tenant makes (webhook sources, sync sources): the
 * store named in the body belongs to the tenant in the path, inside the caller's transaction.
 */
public final class TenantStores {

    private static final String STORE_OF_TENANT =
            ClasspathSqlLocator.removingComments().locate(TenantStores.class, "storeOfTenant");

    private TenantStores() {}

    /** @throws UnknownStoreException when the tenant has no such store (another tenant's store included) */
    public static void requireStoreOfTenant(Handle handle, long tenantId, long storeId) {
        if (handle.createQuery(STORE_OF_TENANT)
                .bind("storeId", storeId)
                .bind("tenantId", tenantId)
                .mapTo(Long.class)
                .findOne()
                .isEmpty()) {
            throw new UnknownStoreException(storeId, "No store " + storeId + " in tenant " + tenantId);
        }
    }
}
