package com.storepulse.auth;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Which tenant owns a store (primary-key look-up). */
@UseClasspathSqlLocator
public interface StoreOwnerRepository {

    @SqlQuery
    Optional<Long> tenantOfStore(@Bind("storeId") long storeId);
}
