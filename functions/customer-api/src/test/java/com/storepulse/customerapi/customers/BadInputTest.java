package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.storepulse.customerapi.QueryFixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed parameter is a 400 problem+json naming the field; none reaches SQL or gives a 500. */
class BadInputTest {

    private static final String LONG = "a".repeat(201);

    static Stream<Arguments> badListQueries() {
        return Stream.of(
                Arguments.of(q("sort", "name"), "sort"),
                Arguments.of(q("sort", "--ltv"), "sort"),
                Arguments.of(q("sort", "ltv; DROP TABLE store"), "sort"),
                Arguments.of(q("sort", "-ltv", "sort", "ltv"), "sort"),
                Arguments.of(q("limit", "0"), "limit"),
                Arguments.of(q("limit", "201"), "limit"),
                Arguments.of(q("limit", "10000"), "limit"),
                Arguments.of(q("limit", "-1"), "limit"),
                Arguments.of(q("limit", "ten"), "limit"),
                Arguments.of(q("limit", "1e2"), "limit"),
                Arguments.of(q("minLtv", "abc"), "minLtv"),
                Arguments.of(q("minLtv", "NaN"), "minLtv"),
                Arguments.of(q("minLtv", "-5"), "minLtv"),
                Arguments.of(q("maxLtv", "1e309"), "maxLtv"),
                Arguments.of(q("maxLtv", "1 OR 1=1"), "maxLtv"),
                Arguments.of(q("minLtv", "500", "maxLtv", "100"), "minLtv"),
                Arguments.of(q("minChurnRisk", "1.5"), "minChurnRisk"),
                Arguments.of(q("maxChurnRisk", "-0.1"), "maxChurnRisk"),
                Arguments.of(q("maxChurnRisk", "Infinity"), "maxChurnRisk"),
                Arguments.of(q("minChurnRisk", "0.8", "maxChurnRisk", "0.2"), "minChurnRisk"),
                Arguments.of(q("lastOrderAfter", "yesterday"), "lastOrderAfter"),
                Arguments.of(q("lastOrderAfter", "2025-02-30"), "lastOrderAfter"),
                Arguments.of(q("lastOrderBefore", "2025-01-01T10:00:00"), "lastOrderBefore"),
                Arguments.of(q("lastOrderBefore", "+300000-01-01T00:00:00Z"), "lastOrderBefore"),
                Arguments.of(q("lastOrderAfter", "2025-03-01", "lastOrderBefore", "2025-02-01"), "lastOrderAfter"),
                Arguments.of(q("archetype", "vip"), "archetype"),
                Arguments.of(q("archetype", "champions", "archetype", "CHAMPIONS"), "archetype"),
                Arguments.of(q("segment", "VIP"), "segment"),
                Arguments.of(q("segment", "vip\"]'::jsonb OR true --"), "segment"),
                Arguments.of(q("include", "count"), "include"),
                Arguments.of(q("q", "   "), "q"),
                Arguments.of(q("q", LONG), "q"),
                Arguments.of(q("q", "abc\u0000def"), "q"),
                Arguments.of(q("q", "line\nbreak"), "q"),
                Arguments.of(q("q", "bad\uFFFDbyte"), "q"),
                Arguments.of(q("q", "lone\uD800surrogate"), "q"),
                Arguments.of(q("q", ""), "q"),
                Arguments.of(q("minLTV", "5"), "minLTV"),
                Arguments.of(q("page", "2"), "page"),
                Arguments.of(q("offset", "5000"), "offset"),
                Arguments.of(q("cursor", "x".repeat(513)), "cursor"));
    }

    @ParameterizedTest
    @MethodSource("badListQueries")
    void aMalformedListParameterIsA400NamingIt(Map<String, List<String>> query, String field) {
        QueryFixture.Response response = QueryFixture.get().customers(ACME_KEY, ACME_MAIN, query);

        assertEquals(400, response.status(), response.body().toString());
        assertEquals("VALIDATION_FAILED", response.body().get("code").asText());
        assertEquals(field, response.errorField(), response.body().toString());
        assertFalse(
                response.body().toString().contains("Exception"),
                response.body().toString());
    }

    @Test
    void aControlCharacterInAParameterNameIsNotEchoed() {
        QueryFixture.Response response = QueryFixture.get().customers(ACME_KEY, ACME_MAIN, q("x\u0007y", "1"));

        assertEquals(400, response.status());
        assertEquals("x?y", response.errorField());
    }

    @Test
    void severalProblemsAreReportedTogether() {
        QueryFixture.Response response =
                QueryFixture.get().customers(ACME_KEY, ACME_MAIN, q("limit", "0", "sort", "x", "minLtv", "y"));

        assertEquals(400, response.status());
        assertEquals(3, response.body().get("errors").size(), response.body().toString());
    }

    static Stream<Arguments> badPaths() {
        return Stream.of(
                Arguments.of("/v1/stores/{storeId}/customers", Map.of("storeId", "abc"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/customers", Map.of("storeId", "0"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/customers", Map.of("storeId", "-1"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/customers", Map.of("storeId", "1;DROP TABLE store"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/customers", Map.of("storeId", "99999999999999999999999"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/summary", Map.of("storeId", "1.5"), "storeId"),
                Arguments.of("/v1/stores/{storeId}/archetypes", Map.of("storeId", "0x10"), "storeId"),
                Arguments.of(
                        "/v1/stores/{storeId}/customers/{customerId}",
                        Map.of("storeId", "101", "customerId", "a".repeat(129)),
                        "customerId"),
                Arguments.of(
                        "/v1/stores/{storeId}/customers/{customerId}",
                        Map.of("storeId", "101", "customerId", "a\u0001b"),
                        "customerId"));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void aMalformedPathParameterIsA400NamingIt(String resource, Map<String, String> path, String field) {
        QueryFixture.Response response = QueryFixture.get().get(ACME_KEY, resource, path, Map.of());

        assertEquals(400, response.status(), response.body().toString());
        assertEquals(field, response.errorField());
    }

    @Test
    void routesWithoutParametersRejectUnknownOnes() {
        QueryFixture fixture = QueryFixture.get();
        for (String resource : List.of(
                "/v1/stores",
                "/v1/stores/{storeId}/summary",
                "/v1/stores/{storeId}/archetypes",
                "/v1/stores/{storeId}/customers/{customerId}")) {
            QueryFixture.Response response = fixture.get(
                    ACME_KEY, resource, Map.of("storeId", "101", "customerId", "C-000001"), q("verbose", "true"));
            assertEquals(400, response.status(), resource);
            assertEquals("verbose", response.errorField(), resource);
        }
    }

    @Test
    void sqlMetaCharactersInTheCustomerIdAreJustAnUnknownCustomer() {
        QueryFixture fixture = QueryFixture.get();
        QueryFixture.Response response = fixture.customer(ACME_KEY, ACME_MAIN, "C-000001' OR '1'='1");

        assertEquals(404, response.status(), response.body().toString());
        assertEquals(200, fixture.customer(ACME_KEY, ACME_MAIN, "C-000001").status());
    }
}
