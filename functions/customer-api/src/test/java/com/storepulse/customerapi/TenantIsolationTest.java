package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_STORES_ONLY_KEY;
import static com.storepulse.customerapi.QueryFixture.GLOBEX_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys of one tenant never see another's data: 404 (not 403) on every route of a foreign store,
 * the same answer as for a store that does not exist. Stores and customers are real rows.
 */
class TenantIsolationTest {

    private static final List<String> STORE_ROUTES = List.of(
            "/v1/stores/{storeId}/customers",
            "/v1/stores/{storeId}/customers/{customerId}",
            "/v1/stores/{storeId}/archetypes",
            "/v1/stores/{storeId}/summary");

    private static QueryFixture.Response get(String key, String resource, String storeId) {
        // C-000001 exists in every fixture store, so a 404 can only come from the store check.
        return QueryFixture.get().get(key, resource, Map.of("storeId", storeId, "customerId", "C-000001"), Map.of());
    }

    @Test
    void aKeyOfOneTenantGets404OnEveryRouteOfAnotherTenantsStore() {
        for (String resource : STORE_ROUTES) {
            assertEquals(200, get(GLOBEX_KEY, resource, "201").status(), resource);
            assertEquals(404, get(ACME_KEY, resource, "201").status(), resource);
            assertEquals(404, get(GLOBEX_KEY, resource, "101").status(), resource);
            QueryFixture.Response unknown = get(ACME_KEY, resource, "999999");
            assertEquals(404, unknown.status(), resource);
            assertEquals(
                    get(ACME_KEY, resource, "201").body().get("detail"),
                    unknown.body().get("detail"),
                    "a foreign store and a missing one look the same");
        }
    }

    @Test
    void aKeyLimitedToSomeStoresGets404OnTheOthersOfItsOwnTenant() {
        for (String resource : STORE_ROUTES) {
            assertEquals(200, get(ACME_OUTLET_KEY, resource, "102").status(), resource);
            assertEquals(404, get(ACME_OUTLET_KEY, resource, "101").status(), resource);
        }
    }

    @Test
    void theStoreListNeverShowsAnotherTenantsStores() {
        JsonNode globex = QueryFixture.get()
                .get(GLOBEX_KEY, "/v1/stores", Map.of(), Map.of())
                .body()
                .get("items");
        assertEquals(1, globex.size());
        assertEquals(201, globex.get(0).get("storeId").asLong());
    }

    @Test
    void aMissingOrUnknownKeyIs401AndAMissingScopeIs403() {
        for (String resource : STORE_ROUTES) {
            assertEquals(401, get(null, resource, "101").status(), resource);
            assertEquals(401, get("sp_live_nope", resource, "101").status(), resource);
        }
        assertEquals(
                401,
                QueryFixture.get().get(null, "/v1/stores", Map.of(), Map.of()).status());
        QueryFixture.Response forbidden = get(ACME_STORES_ONLY_KEY, "/v1/stores/{storeId}/customers", "101");
        assertEquals(403, forbidden.status());
        assertEquals("FORBIDDEN", forbidden.body().get("code").asText());
        assertEquals(
                403,
                get(ACME_STORES_ONLY_KEY, "/v1/stores/{storeId}/customers/{customerId}", "101")
                        .status());
        assertEquals(
                200,
                get(ACME_STORES_ONLY_KEY, "/v1/stores/{storeId}/summary", "101").status());
    }

    @Test
    void aListPageOfOneStoreNeverCarriesAnotherStoresCustomers() {
        // Store 201 (globex) reuses store 101's external ids; its emails are the same too, so compare ids only.
        JsonNode page = QueryFixture.get()
                .customers(GLOBEX_KEY, 201, QueryFixture.q("limit", "200", "q", "C-0000"))
                .body();
        assertEquals(99, page.get("items").size());
        QueryFixture.Response all =
                QueryFixture.get().customers(GLOBEX_KEY, 201, QueryFixture.q("limit", "200", "include", "total"));
        assertEquals(300, all.body().get("total").asLong());
        assertFalse(all.body().has("errors"));
    }
}
