package com.storepulse.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The {@code api_key} table. SQL: resources com/storepulse/auth/ApiKeyRepository/*.sql. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(ApiKeyRecord.class)
public interface ApiKeyRepository {

    /** The one indexed look-up authentication does (unique index on prefix). */
    @SqlQuery
    Optional<ApiKeyRecord> findByPrefix(@Bind("prefix") String prefix);

    /** Empty when the prefix is already taken (the caller draws a new key). */
    @SqlQuery
    Optional<ApiKeyRecord> insert(
            @Bind("tenantId") long tenantId,
            @Bind("prefix") String prefix,
            @Bind("keyHash") byte[] keyHash,
            @Bind("name") String name,
            @Bind("scopes") String[] scopes,
            @Bind("allowedStoreIds") Long[] allowedStoreIds,
            @Bind("rateLimitPerMinute") int rateLimitPerMinute,
            @Bind("rateLimitBurst") int rateLimitBurst,
            @Bind("expiresAt") Instant expiresAt);

    /** Sets revoked_at once (a second revoke keeps the first time); empty when no such key. */
    @SqlQuery
    Optional<ApiKeyRecord> revoke(@Bind("apiKeyId") long apiKeyId, @Bind("now") Instant now);

    @SqlQuery
    List<ApiKeyRecord> listByTenant(@Bind("tenantId") long tenantId);
}
