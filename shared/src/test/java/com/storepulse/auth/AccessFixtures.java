package com.storepulse.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.db.Database;
import com.storepulse.http.RequestHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tenants, stores and API keys in the real test database, and requests that carry a key. */
public final class AccessFixtures {

    public record Key(String secret, ApiKeyRecord row) {
        public long id() {
            return row.apiKeyId();
        }
    }

    private final Database database;

    public AccessFixtures(Database database) {
        this.database = database;
    }

    public long tenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("INSERT INTO tenant (slug, name) VALUES (:slug, :slug) RETURNING tenant_id")
                                .bind("slug", slug)
                                .mapTo(Long.class)
                                .one());
    }

    public long store(long tenantId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "INSERT INTO store (tenant_id, name) VALUES (:tenantId, 'Shop') RETURNING store_id")
                        .bind("tenantId", tenantId)
                        .mapTo(Long.class)
                        .one());
    }

    public Key key(
            long tenantId, List<String> scopes, Long[] allowedStoreIds, int perMinute, int burst, Instant expiresAt) {
        ApiKeys.GeneratedKey generated = ApiKeys.generate();
        ApiKeyRecord row = database.jdbi()
                .withExtension(
                        ApiKeyRepository.class,
                        keys -> keys.insert(
                                tenantId,
                                generated.prefix(),
                                generated.hash(),
                                "test key",
                                scopes.toArray(String[]::new),
                                allowedStoreIds,
                                perMinute,
                                burst,
                                expiresAt))
                .orElseThrow();
        return new Key(generated.key(), row);
    }

    public Key key(long tenantId, String... scopes) {
        return key(tenantId, List.of(scopes), null, 600, 100, null);
    }

    public void revokeInDatabase(Key key) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE api_key SET revoked_at = now() WHERE api_key_id = :id")
                        .bind("id", key.id())
                        .execute());
    }

    public long usage(long apiKeyId, String route) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(sum(request_count), 0) FROM api_key_usage_daily WHERE api_key_id = :id AND route = :route")
                        .bind("id", apiKeyId)
                        .bind("route", route)
                        .mapTo(Long.class)
                        .one());
    }

    /** An API Gateway request carrying {@code key} in header {@code headerName}. */
    public static APIGatewayProxyRequestEvent event(String headerName, String key) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put(headerName, key);
        }
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource("/v1/stores")
                .withPath("/v1/stores")
                .withHeaders(headers);
    }

    /** What the admission gets from a request carrying {@code key} in x-api-key (null: no such header). */
    public static List<String> request(String key) {
        return RequestHeaders.values(event("x-api-key", key), ApiKeyAuthenticator.HEADER);
    }
}
