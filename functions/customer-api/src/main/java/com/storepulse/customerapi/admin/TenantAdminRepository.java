package com.storepulse.customerapi.admin;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Tenants and stores for onboarding. SQL: resources com/storepulse/customerapi/admin/TenantAdminRepository/*.sql. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(AdminViews.Tenant.class)
@RegisterConstructorMapper(AdminViews.Store.class)
interface TenantAdminRepository {

    /** A new tenant's id, drawn before its row is written (the row is written as that tenant). */
    @SqlQuery
    long nextTenantId();

    /** Empty when the slug is taken. */
    @SqlQuery
    Optional<AdminViews.Tenant> insertTenant(
            @Bind("tenantId") long tenantId, @Bind("slug") String slug, @Bind("name") String name);

    /** Empty when the tenant does not exist. */
    @SqlQuery
    Optional<AdminViews.Store> insertStore(
            @Bind("tenantId") long tenantId,
            @Bind("name") String name,
            @Bind("currency") String currency,
            @Bind("timezone") String timezone);

    @SqlQuery
    boolean tenantExists(@Bind("tenantId") long tenantId);

    /** The ids among {@code storeIds} that are not stores of the tenant. */
    @SqlQuery
    List<Long> storesNotOfTenant(@Bind("tenantId") long tenantId, @Bind("storeIds") Long[] storeIds);
}
