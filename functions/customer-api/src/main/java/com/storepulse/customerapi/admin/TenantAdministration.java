package com.storepulse.customerapi.admin;

import com.storepulse.auth.ApiKeyAuthenticator;
import com.storepulse.auth.ApiKeyRecord;
import com.storepulse.auth.ApiKeyRepository;
import com.storepulse.auth.ApiKeys;
import com.storepulse.db.TenantDirectory;
import com.storepulse.db.TenantScope;
import com.storepulse.errors.ConflictException;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.ValidationException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Onboarding and key management behind the admin routes. Audit lines name key prefixes, never keys. */
final class TenantAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(TenantAdministration.class);
    private static final int PREFIX_ATTEMPTS = 3;

    private final Jdbi jdbi;
    private final ApiKeyAuthenticator authenticator;
    private final InstantSource clock;

    TenantAdministration(Jdbi jdbi, ApiKeyAuthenticator authenticator, InstantSource clock) {
        this.jdbi = jdbi;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    AdminViews.Tenant createTenant(AdminRequests.NewTenant request) {
        request.check();
        // The new tenant's id is drawn first, so the row is written as that tenant (row-level security).
        long tenantId = tenants(TenantAdminRepository::nextTenantId);
        TenantScope.enter(tenantId);
        AdminViews.Tenant tenant = tenants(repo -> repo.insertTenant(tenantId, request.slug(), request.name()))
                .orElseThrow(() -> new ConflictException("A tenant with this slug already exists."));
        LOG.info("admin created tenant {} ({})", tenant.tenantId(), tenant.slug());
        return tenant;
    }

    AdminViews.Store createStore(long tenantId, AdminRequests.NewStore request) {
        request.check();
        AdminViews.Store store = tenants(repo -> repo.insertStore(
                        tenantId, request.name(), request.currencyOrDefault(), request.timezoneOrDefault()))
                .orElseThrow(TenantAdministration::noSuchTenant);
        LOG.info("admin created store {} for tenant {}", store.storeId(), tenantId);
        return store;
    }

    AdminViews.CreatedApiKey createApiKey(long tenantId, AdminRequests.NewApiKey request) {
        Instant expiresAt = request.check(clock.instant());
        requireTenant(tenantId);
        Long[] storeIds = request.allowedStoreIds() == null
                ? null
                : request.allowedStoreIds().stream().distinct().toArray(Long[]::new);
        if (storeIds != null) {
            List<Long> foreign = tenants(repo -> repo.storesNotOfTenant(tenantId, storeIds));
            if (!foreign.isEmpty()) {
                throw ValidationException.of("allowedStoreIds", "not stores of this tenant: " + foreign);
            }
        }
        String[] scopes = request.distinctScopes().toArray(String[]::new);
        for (int attempt = 0; attempt < PREFIX_ATTEMPTS; attempt++) {
            ApiKeys.GeneratedKey generated = ApiKeys.generate();
            Optional<ApiKeyRecord> row = jdbi.withExtension(
                    ApiKeyRepository.class,
                    keys -> keys.insert(
                            tenantId,
                            generated.prefix(),
                            generated.hash(),
                            request.name(),
                            scopes,
                            storeIds,
                            request.perMinuteOrDefault(),
                            request.burstOrDefault(),
                            expiresAt));
            if (row.isPresent()) {
                LOG.info(
                        "admin created api key {} (id {}) for tenant {}",
                        generated.prefix(),
                        row.get().apiKeyId(),
                        tenantId);
                return new AdminViews.CreatedApiKey(generated.key(), AdminViews.ApiKey.of(row.get(), clock.instant()));
            }
        }
        throw new IllegalStateException("could not draw an unused key prefix"); // 36^8 prefixes: not expected
    }

    void revokeApiKey(long apiKeyId) {
        // The path names a key, not a tenant: its tenant comes from V20's look-up, and the revoke runs as it.
        TenantDirectory.ofApiKey(jdbi, apiKeyId).ifPresent(TenantScope::enter);
        ApiKeyRecord row = jdbi.withExtension(ApiKeyRepository.class, keys -> keys.revoke(apiKeyId, clock.instant()))
                .orElseThrow(() -> new NotFoundException("No such API key."));
        authenticator.forget(row.prefix());
        LOG.info("admin revoked api key {} (id {}) of tenant {}", row.prefix(), apiKeyId, row.tenantId());
    }

    AdminViews.ApiKeyList listApiKeys(long tenantId) {
        requireTenant(tenantId);
        Instant now = clock.instant();
        return new AdminViews.ApiKeyList(
                jdbi.withExtension(ApiKeyRepository.class, keys -> keys.listByTenant(tenantId)).stream()
                        .map(row -> AdminViews.ApiKey.of(row, now))
                        .toList());
    }

    private void requireTenant(long tenantId) {
        if (!tenants(repo -> repo.tenantExists(tenantId))) {
            throw noSuchTenant();
        }
    }

    private <T> T tenants(
            org.jdbi.v3.core.extension.ExtensionCallback<T, TenantAdminRepository, RuntimeException> call) {
        return jdbi.withExtension(TenantAdminRepository.class, call);
    }

    private static NotFoundException noSuchTenant() {
        return new NotFoundException("No such tenant.");
    }
}
