package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET;
import static com.storepulse.customerapi.QueryFixture.GLOBEX;
import static com.storepulse.customerapi.QueryFixture.GLOBEX_STORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.http.ApiRoute;
import com.storepulse.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation through the real handler and the real {@code ApiKeyAdmission}: keys
 * issued by the admin route (hashed rows in PostgreSQL), token buckets and usage counts in a
 * real Redis. Every store-scoped route of the router, called with tenant A's key on tenant B's
 * store, is a 404 problem+json that cannot be told apart from a store that does not exist; and
 * none of those probes is billed to A.
 */
class TenantIsolationEndToEndTest {

    private static final String ALL_SCOPES =
            "[\"stores:read\",\"customers:read\",\"usage:read\",\"customers:erase\",\"customers:export\"]";
    /** The customer id the erasure route is probed with: never held, so an allowed probe erases nothing real. */
    private static final String ERASURE_PROBE = "tenant-isolation-probe";
    /** No store has this id (store ids are far lower), so its 404 is the "does not exist" answer. */
    private static final long MISSING_STORE = 987_654_321_012L;

    private static RealApi api;
    private static String customerOfB;
    /** An erasure request of each store, for the route that reads one back. */
    private static final Map<Long, String> erasureOf = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        // As the functions connect: the application role, so row-level security is on underneath.
        api = new RealApi(Map.of("DATABASE_URL", TestDatabase.sharedApplicationJdbcUrl()));
        // A customer that exists in B's store: a 404 for it can only come from the store check.
        customerOfB = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT external_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL ORDER BY external_id DESC LIMIT 1")
                        .bind("s", GLOBEX_STORE)
                        .mapTo(String.class)
                        .one());
        for (long[] tenantAndStore : new long[][] {{ACME, ACME_MAIN}, {GLOBEX, GLOBEX_STORE}}) {
            String eraser = api.issueKey(tenantAndStore[0], "[\"customers:erase\"]", null, 600, 100);
            RealApi.Reply erased =
                    api.send("DELETE", "/v1/stores/" + tenantAndStore[1] + "/customers/" + ERASURE_PROBE, eraser, null);
            assertEquals(202, erased.status(), String.valueOf(erased.body()));
            erasureOf.put(tenantAndStore[1], erased.body().path("erasureId").asText());
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Every store-scoped route of the real router; a route added later is covered without editing this test. */
    private static List<String> storeRoutes() {
        List<String> routes = api.handler.getApplicationContext().getBean(CustomerApiRoutes.class).routes().stream()
                .map(ApiRoute::template)
                .filter(t -> t.contains("{storeId}"))
                .toList();
        assertTrue(
                routes.containsAll(List.of(
                        "GET /v1/stores/{storeId}/customers",
                        "GET /v1/stores/{storeId}/customers/{customerId}",
                        "GET /v1/stores/{storeId}/archetypes",
                        "GET /v1/stores/{storeId}/summary")),
                "the router lost a store route: " + routes);
        return routes;
    }

    private static String path(String template, long storeId) {
        String path = template.substring(template.indexOf(' ') + 1).replace("{storeId}", Long.toString(storeId));
        if (path.contains("{")) {
            // the erasure route is probed with a customer nobody holds: a probe that is let through erases nothing
            path = path.replace("{customerId}", template.startsWith("DELETE ") ? ERASURE_PROBE : customerOfB)
                    .replace(
                            "{erasureId}",
                            erasureOf.getOrDefault(storeId, UUID.randomUUID().toString()));
        }
        assertFalse(path.contains("{"), "a store route with a path parameter this test does not know: " + template);
        return path;
    }

    /** A request on {@code route}'s method. */
    private static RealApi.Reply call(String route, String path, String key) {
        return api.send(route.substring(0, route.indexOf(' ')), path, key, null);
    }

    /** What {@code route} answers a request it lets through: 202 for an erasure, 200 for the rest. */
    private static int success(String route) {
        return route.startsWith("DELETE ") ? 202 : 200;
    }

    /** The problem with what must differ per request (its path and correlation id) taken out. */
    private static JsonNode shape(RealApi.Reply reply) {
        ObjectNode copy = ((ObjectNode) reply.body()).deepCopy();
        copy.remove("instance");
        copy.remove("correlationId");
        return copy;
    }

    private static Map<String, String> headersWithoutCorrelation(RealApi.Reply reply) {
        Map<String, String> headers = new TreeMap<>(reply.headers());
        headers.remove("X-Correlation-Id");
        return headers;
    }

    private static void assertNotFoundProblem(RealApi.Reply reply, String path, String what) {
        assertEquals(404, reply.status(), what + ": " + reply.body());
        assertEquals("application/problem+json", reply.headers().get("Content-Type"), what);
        assertEquals("NOT_FOUND", reply.body().path("code").asText(), what);
        assertEquals(404, reply.body().path("status").asInt(), what);
        assertEquals(path, reply.body().path("instance").asText(), what);
        assertEquals(
                reply.requestId(),
                reply.body().path("correlationId").asText(),
                what + ": the correlation id is API Gateway's request id");
        assertEquals(reply.requestId(), reply.headers().get("X-Correlation-Id"), what);
        assertFalse(reply.body().toString().contains("Exception"), what);
    }

    @Test
    void aKeyOfTenantAGets404OnEveryStoreRouteOfTenantBIdenticalToAMissingStore() {
        String keyOfA = api.issueKey(ACME, ALL_SCOPES, null, 600, 200);
        String keyOfB = api.issueKey(GLOBEX, ALL_SCOPES, null, 600, 200);
        List<String> routes = storeRoutes();
        for (String route : routes) {
            String foreignPath = path(route, GLOBEX_STORE);
            RealApi.Reply owner = call(route, foreignPath, keyOfB);
            assertEquals(
                    success(route), owner.status(), route + " with B's own key (the data exists): " + owner.body());

            RealApi.Reply foreign = call(route, foreignPath, keyOfA);
            assertNotFoundProblem(foreign, foreignPath, route + " with A's key on B's store");

            String missingPath = path(route, MISSING_STORE);
            RealApi.Reply missing = call(route, missingPath, keyOfA);
            assertNotFoundProblem(missing, missingPath, route + " with A's key on a store that does not exist");
            assertEquals(shape(missing), shape(foreign), route + ": B's store must look exactly like a missing one");
            assertEquals(
                    headersWithoutCorrelation(missing),
                    headersWithoutCorrelation(foreign),
                    route + ": no header tells them apart either");

            RealApi.Reply own = call(route, path(route, ACME_MAIN), keyOfA);
            assertEquals(success(route), own.status(), route + " with A's key on A's store: " + own.body());
        }
    }

    @Test
    void theStoreListOfAKeyShowsItsOwnTenantsStoresOnly() {
        String keyOfA = api.issueKey(ACME, ALL_SCOPES, null, 600, 100);
        Set<Long> listed = storeIds(api.get("/v1/stores", keyOfA));
        Set<Long> ownedByA = storesOf(ACME);
        assertEquals(ownedByA, listed, "exactly tenant A's stores");
        Set<Long> ownedByB = storesOf(GLOBEX);
        assertTrue(ownedByB.contains(GLOBEX_STORE));
        assertTrue(listed.stream().noneMatch(ownedByB::contains), "B's stores are not listed: " + listed);

        String outletOnly = api.issueKey(ACME, ALL_SCOPES, "[" + ACME_OUTLET + "]", 600, 100);
        assertEquals(Set.of(ACME_OUTLET), storeIds(api.get("/v1/stores", outletOnly)));
    }

    @Test
    void aKeyLimitedToOneStoreGets404OnEveryRouteOfItsOwnTenantsOtherStores() {
        String outletOnly = api.issueKey(ACME, ALL_SCOPES, "[" + ACME_OUTLET + "]", 600, 200);
        for (String route : storeRoutes()) {
            String otherPath = path(route, ACME_MAIN);
            RealApi.Reply other = call(route, otherPath, outletOnly);
            assertNotFoundProblem(other, otherPath, route + " outside the key's allowed stores");
            RealApi.Reply missing = call(route, path(route, MISSING_STORE), outletOnly);
            assertEquals(shape(missing), shape(other), route);
        }
    }

    @Test
    void probesOfAnotherTenantsStoresAreNotBilledWhileAllowedRequestsAreCountedOnce() {
        String keyOfA = api.issueKey(
                ACME, ALL_SCOPES, null, 1, 200); // a refill of 1 a minute: the bucket shows every token taken
        List<String> routes = storeRoutes();
        for (int round = 0; round < 3; round++) {
            for (String route : routes) {
                assertEquals(404, call(route, path(route, GLOBEX_STORE), keyOfA).status(), route);
                assertEquals(
                        404, call(route, path(route, MISSING_STORE), keyOfA).status(), route);
            }
        }
        assertEquals(
                400,
                api.get("/v1/stores/not-a-store/summary", keyOfA).status(),
                "a malformed store id: 400, not billed");
        for (String route : routes) {
            assertEquals(
                    success(route), call(route, path(route, ACME_MAIN), keyOfA).status(), route);
        }

        RealApi.Reply usage = api.get("/v1/usage", keyOfA);
        assertEquals(200, usage.status(), String.valueOf(usage.body()));
        Map<String, Long> perRoute = new TreeMap<>();
        usage.body()
                .path("items")
                .forEach(item -> perRoute.merge(
                        item.path("route").asText(), item.path("requests").asLong(), Long::sum));
        Map<String, Long> expected = new TreeMap<>();
        routes.forEach(
                route -> expected.put(route, 1L)); // the one allowed request per route, none of the 6 probes each
        expected.put("GET /v1/usage", 1L); // this call counts itself
        assertEquals(expected, perRoute, "A's usage shows its allowed requests once each and not one probe");
        assertEquals(routes.size() + 1, usage.body().path("totalRequests").asLong());
        assertNotNull(usage.headers().get("RateLimit-Remaining"));
        int taken = routes.size() * 6 + 1 + routes.size() + 1;
        int remaining = Integer.parseInt(usage.headers().get("RateLimit-Remaining"));
        assertTrue(
                remaining >= 200 - taken && remaining <= 200 - taken + 1,
                "every probe took a rate-limit token all the same: " + remaining + " left of 200 after " + taken
                        + " requests");
    }

    private static Set<Long> storeIds(RealApi.Reply reply) {
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        Set<Long> ids = new TreeSet<>();
        reply.body().path("items").forEach(item -> ids.add(item.path("storeId").asLong()));
        return ids;
    }

    private static Set<Long> storesOf(long tenantId) {
        List<Long> ids = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT store_id FROM store WHERE tenant_id = :t")
                        .bind("t", tenantId)
                        .mapTo(Long.class)
                        .list());
        return new TreeSet<>(ids);
    }
}
