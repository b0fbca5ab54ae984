package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.Scopes;
import com.storepulse.cache.ManagedCache;
import com.storepulse.cache.RedisCache;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.stores.StoreRoutes;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.http.ProblemResponses;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;
import com.storepulse.stores.StoreRepository;
import com.storepulse.stores.StoreRollups;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The query routes on the shared test database (fixture.sql loaded once per JVM) and a real Redis,
 * behind {@link TestAdmission}, called the way the handler calls them (errors become problem+json).
 */
public final class QueryFixture {

    public static final long ACME = 1001;
    public static final long GLOBEX = 1002;
    public static final long ACME_MAIN = 101;
    public static final long ACME_OUTLET = 102;
    public static final long GLOBEX_STORE = 201;

    /** Every scope, every store of acme. */
    public static final String ACME_KEY = "sp_test_acme_all";
    /** Acme, only the outlet store. */
    public static final String ACME_OUTLET_KEY = "sp_test_acme_outlet";
    /** Acme, stores:read only. */
    public static final String ACME_STORES_ONLY_KEY = "sp_test_acme_stores";

    public static final String GLOBEX_KEY = "sp_test_globex_all";

    private static QueryFixture instance;

    public final Database database;
    public final ManagedCache cache;
    public final CustomerRepository customers;
    public final Router router = new Router();
    private final TestAdmission admission;
    private final QuerySettings settings;

    private QueryFixture() {
        database = TestDatabase.shared();
        database.jdbi()
                .useHandle(h -> h.createScript(
                                ClasspathSqlLocator.removingComments().locate(QueryFixture.class, "fixture"))
                        .execute());
        // fixture.sql writes scores directly; the scorer would write each store's rollup with them.
        database.jdbi()
                .useTransaction(h -> h.createQuery("SELECT DISTINCT store_id FROM customer_score")
                        .mapTo(Long.class)
                        .list()
                        .forEach(store -> StoreRollups.refresh(h, store)));
        // A key prefix of its own: the machine's Redis is shared with other runs. Generous timeouts:
        // a cold test JVM's first connect (netty class loading) takes longer than production's 50 ms,
        // and a skipped cache would make the cache assertions meaningless.
        cache = new RedisCache(
                RedisSettings.forUrl(TestRedis.url())
                        .withKeyPrefix("sp-test-" + UUID.randomUUID() + ":")
                        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                MetricsRecorder.NOOP);
        if (cache.status() != ManagedCache.CacheStatus.UP) {
            throw new IllegalStateException("the test Redis at " + TestRedis.url() + " does not answer");
        }
        // The routes connect as the functions do (the application role): row-level security applies
        // to every statement they run; the fixture above was written as the owner.
        Database application = TestDatabase.sharedAsApplication();
        customers = new CustomerRepository(application.jdbi());
        admission = new TestAdmission(application.jdbi());
        TestAdmission.key(ACME_KEY, ACME, Scopes.ALL, null);
        TestAdmission.key(ACME_OUTLET_KEY, ACME, Scopes.ALL, Set.of(ACME_OUTLET));
        TestAdmission.key(ACME_STORES_ONLY_KEY, ACME, Set.of(Scopes.STORES_READ), null);
        TestAdmission.key(GLOBEX_KEY, GLOBEX, Scopes.ALL, null);
        byte[] signingKey = new byte[32];
        new SecureRandom().nextBytes(signingKey);
        settings = new QuerySettings(Duration.ofMinutes(5), Duration.ofMinutes(5));
        new StoreRoutes(admission, new StoreRepository(application.jdbi(), customers.archetypes()), cache, settings)
                .register(router);
        new CustomerRoutes(admission, customers, cache, new CursorCodec(() -> signingKey), settings).register(router);
    }

    /** The customer routes on this fixture's database and cache, with cursors from {@code codec} (its own clock). */
    public Router customerRouter(CursorCodec codec) {
        Router own = new Router();
        new CustomerRoutes(admission, customers, cache, codec, settings).register(own);
        return own;
    }

    public static synchronized QueryFixture get() {
        if (instance == null) {
            instance = new QueryFixture();
        }
        return instance;
    }

    /** A response with its body parsed. */
    public record Response(int status, Map<String, String> headers, JsonNode body) {
        public String errorField() {
            return body.path("errors").path(0).path("field").asText(null);
        }
    }

    /** GET {@code resource} (a route pattern) with path parameters and a query, as {@code key}. */
    public Response get(
            String key, String resource, Map<String, String> pathParameters, Map<String, List<String>> query) {
        return get(router, key, resource, pathParameters, query);
    }

    /** As {@link #get(String, String, Map, Map)}, through {@code via} (e.g. a {@link #customerRouter}). */
    public Response get(
            Router via,
            String key,
            String resource,
            Map<String, String> pathParameters,
            Map<String, List<String>> query) {
        String path = resource;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource(resource)
                .withPath(path)
                .withPathParameters(pathParameters)
                .withMultiValueQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(key == null ? Map.of() : Map.of("X-Api-Key", key));
        APIGatewayProxyResponseEvent response;
        try {
            response = via.route(event);
        } catch (RuntimeException e) {
            response = ProblemResponses.toResponse(e, path, "test");
        }
        try {
            return new Response(
                    response.getStatusCode(),
                    response.getHeaders(),
                    Json.mapper().readTree(response.getBody()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response customers(String key, long storeId, Map<String, List<String>> query) {
        return customers(router, key, storeId, query);
    }

    public Response customers(Router via, String key, long storeId, Map<String, List<String>> query) {
        return get(via, key, "/v1/stores/{storeId}/customers", Map.of("storeId", String.valueOf(storeId)), query);
    }

    public Response customer(String key, long storeId, String customerId) {
        return get(
                key,
                "/v1/stores/{storeId}/customers/{customerId}",
                Map.of("storeId", String.valueOf(storeId), "customerId", customerId),
                Map.of());
    }

    /** Query parameters from pairs: q("sort", "-ltv", "segment", "vip", "segment", "repeat_buyer"). */
    public static Map<String, List<String>> q(String... pairs) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return query;
    }

    /** Walks every page of a list query (following nextCursor) and returns the items in order. */
    public List<JsonNode> walk(String key, long storeId, Map<String, List<String>> query) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, List<String>> pageQuery = new LinkedHashMap<>(query);
            if (cursor != null) {
                pageQuery.put("cursor", List.of(cursor));
            }
            Response page = customers(key, storeId, pageQuery);
            if (page.status() != 200) {
                throw new AssertionError("page " + pages + " of " + query + ": " + page.status() + " " + page.body());
            }
            page.body().get("items").forEach(items::add);
            cursor = page.body().path("nextCursor").asText(null);
            if (++pages > 100_000) {
                throw new AssertionError("the walk does not end");
            }
        } while (cursor != null);
        return items;
    }
}
