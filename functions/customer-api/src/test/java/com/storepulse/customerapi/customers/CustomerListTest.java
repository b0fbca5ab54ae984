package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.QueryFixture;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v1/stores/{storeId}/customers against the Java oracle, walking every page. */
class CustomerListTest {

    private static QueryFixture fixture;
    private static CustomerOracle oracle;

    @BeforeAll
    static void load() {
        fixture = QueryFixture.get();
        oracle = CustomerOracle.load(fixture.database.jdbi(), ACME_MAIN);
        assertTrue(oracle.rows().size() >= 10_000, "fixture: a store with 10,000+ scored customers");
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.get("customerId").asText()).toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ltv", "-ltv", "churnRisk", "-churnRisk", "recency", "-recency", "totalSpend", "-totalSpend"})
    void walkingEveryPageReturnsEachCustomerOnceInOrder(String sort) {
        List<String> walked = ids(fixture.walk(ACME_KEY, ACME_MAIN, q("sort", sort, "limit", "200")));

        List<String> expected = oracle.expect(r -> true, sort);
        assertEquals(expected.size(), new HashSet<>(walked).size(), "each customer exactly once");
        assertEquals(expected, walked);
    }

    @Test
    void theDefaultIsFiftyByLtvDescendingWithoutATotal() {
        QueryFixture.Response page = fixture.customers(ACME_KEY, ACME_MAIN, Map.of());

        assertEquals(200, page.status(), page.body().toString());
        assertEquals(
                oracle.expect(r -> true, "-ltv").subList(0, 50),
                ids(iterable(page.body().get("items"))));
        assertFalse(page.body().has("total"));
        assertTrue(page.body().has("nextCursor"));
        assertEquals("600", page.headers().get("RateLimit-Limit"));
    }

    @Test
    void customersWithoutOrdersComeLastByRecencyDescendingAndFirstAscending() {
        List<JsonNode> descending = fixture.walk(ACME_KEY, ACME_MAIN, q("sort", "-recency", "limit", "200"));
        List<JsonNode> ascending = fixture.walk(ACME_KEY, ACME_MAIN, q("sort", "recency", "limit", "200"));
        long neverOrdered =
                oracle.rows().stream().filter(r -> r.lastOrderAt() == null).count();

        assertTrue(neverOrdered > 1, "fixture has customers without orders");
        descending
                .subList(descending.size() - (int) neverOrdered, descending.size())
                .forEach(item -> assertFalse(item.has("lastOrderAt"), item.toString()));
        ascending.subList(0, (int) neverOrdered).forEach(item -> assertFalse(item.has("lastOrderAt"), item.toString()));
        assertTrue(ascending.get((int) neverOrdered).has("lastOrderAt"));
    }

    static Stream<Arguments> filters() {
        Instant now = Instant.now();
        String thirtyDaysAgo = LocalDate.ofInstant(now.minus(30, ChronoUnit.DAYS), ZoneOffset.UTC)
                .toString();
        Instant thirtyDaysAgoMidnight =
                LocalDate.parse(thirtyDaysAgo).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant hundredDaysAgo = now.minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return Stream.of(
                Arguments.of(q("archetype", "at_risk"), (Predicate<CustomerOracle.Row>)
                        r -> r.archetype().equals("at_risk")),
                Arguments.of(q("archetype", "at_risk", "archetype", "champions"), (Predicate<CustomerOracle.Row>)
                        r -> Set.of("at_risk", "champions").contains(r.archetype())),
                Arguments.of(q("minLtv", "400"), (Predicate<CustomerOracle.Row>)
                        r -> r.ltv().compareTo(new BigDecimal("400")) >= 0),
                Arguments.of(q("maxLtv", "50.5"), (Predicate<CustomerOracle.Row>)
                        r -> r.ltv().compareTo(new BigDecimal("50.5")) <= 0),
                Arguments.of(q("minLtv", "100", "maxLtv", "100.25"), (Predicate<CustomerOracle.Row>)
                        r -> r.ltv().compareTo(new BigDecimal("100")) >= 0
                                && r.ltv().compareTo(new BigDecimal("100.25")) <= 0),
                Arguments.of(q("minChurnRisk", "0.7"), (Predicate<CustomerOracle.Row>) r -> r.churn() >= 0.7),
                Arguments.of(q("maxChurnRisk", "0.2"), (Predicate<CustomerOracle.Row>) r -> r.churn() <= 0.2),
                Arguments.of(q("minChurnRisk", "0", "maxChurnRisk", "1"), (Predicate<CustomerOracle.Row>) r -> true),
                Arguments.of(q("segment", "vip"), (Predicate<CustomerOracle.Row>)
                        r -> r.segments().contains("vip")),
                Arguments.of(q("segment", "repeat_buyer", "segment", "email_optin"), (Predicate<CustomerOracle.Row>)
                        r -> r.segments().containsAll(Set.of("repeat_buyer", "email_optin"))),
                Arguments.of(q("segment", "no_such_tag"), (Predicate<CustomerOracle.Row>) r -> false),
                Arguments.of(q("lastOrderAfter", thirtyDaysAgo), (Predicate<CustomerOracle.Row>)
                        r -> r.lastOrderAt() != null && !r.lastOrderAt().isBefore(thirtyDaysAgoMidnight)),
                Arguments.of(q("lastOrderBefore", hundredDaysAgo.toString()), (Predicate<CustomerOracle.Row>)
                        r -> r.lastOrderAt() != null && r.lastOrderAt().isBefore(hundredDaysAgo)),
                Arguments.of(
                        q(
                                "lastOrderAfter",
                                hundredDaysAgo.atOffset(ZoneOffset.ofHours(2)).toString(),
                                "lastOrderBefore",
                                thirtyDaysAgo),
                        (Predicate<CustomerOracle.Row>) r -> r.lastOrderAt() != null
                                && !r.lastOrderAt().isBefore(hundredDaysAgo)
                                && r.lastOrderAt().isBefore(thirtyDaysAgoMidnight)),
                Arguments.of(q("q", "ann"), CustomerOracle.prefix("ann")),
                Arguments.of(q("q", "ANNA"), CustomerOracle.prefix("anna")),
                Arguments.of(q("q", "c-00012"), CustomerOracle.prefix("c-00012")),
                Arguments.of(q("q", "o'brien"), CustomerOracle.prefix("o'brien")),
                Arguments.of(q("q", "zoë"), CustomerOracle.prefix("zoë")),
                // LIKE wildcards are literal: 'bo_' is "Bo_b" only, never "bob"; '%' matches nobody
                Arguments.of(q("q", "bo_"), CustomerOracle.prefix("bo_")),
                Arguments.of(q("q", "%"), (Predicate<CustomerOracle.Row>) r -> false),
                Arguments.of(q("q", "' OR 1=1 --"), (Predicate<CustomerOracle.Row>) r -> false));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void eachFilterReturnsExactlyTheMatchingCustomers(
            Map<String, List<String>> filter, Predicate<CustomerOracle.Row> matches) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>(filter);
        query.put("limit", List.of("200"));
        query.put("include", List.of("total"));
        List<String> expected = oracle.expect(matches, "-ltv");

        assertEquals(expected, ids(fixture.walk(ACME_KEY, ACME_MAIN, query)));
        assertEquals(
                expected.size(),
                fixture.customers(ACME_KEY, ACME_MAIN, query)
                        .body()
                        .get("total")
                        .asLong());
    }

    @Test
    void aBoundaryPrefixFilterIsNotEmptyByAccident() {
        // Guards the oracle itself: the prefix filters above must select some rows and not all.
        long anns = oracle.rows().stream().filter(CustomerOracle.prefix("ann")).count();
        long bob = oracle.rows().stream().filter(CustomerOracle.prefix("bo_")).count();
        assertTrue(anns > 0 && anns < oracle.rows().size());
        assertTrue(bob > 0
                && bob
                        < oracle.rows().stream()
                                .filter(CustomerOracle.prefix("bo"))
                                .count());
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of(
                        q("segment", "repeat_buyer", "minChurnRisk", "0.5", "sort", "-churnRisk"),
                        (Predicate<CustomerOracle.Row>) r -> r.segments().contains("repeat_buyer") && r.churn() >= 0.5,
                        "-churnRisk"),
                Arguments.of(
                        q("archetype", "loyal", "archetype", "lost", "maxLtv", "300", "sort", "recency"),
                        (Predicate<CustomerOracle.Row>)
                                r -> Set.of("loyal", "lost").contains(r.archetype())
                                        && r.ltv().compareTo(new BigDecimal("300")) <= 0,
                        "recency"),
                Arguments.of(
                        q("q", "b", "segment", "email_optin", "sort", "totalSpend"),
                        (Predicate<CustomerOracle.Row>)
                                r -> CustomerOracle.prefix("b").test(r)
                                        && r.segments().contains("email_optin"),
                        "totalSpend"),
                Arguments.of(
                        q("minLtv", "200", "maxChurnRisk", "0.3", "lastOrderAfter", "2000-01-01", "sort", "-recency"),
                        (Predicate<CustomerOracle.Row>) r -> r.ltv().compareTo(new BigDecimal("200")) >= 0
                                && r.churn() <= 0.3
                                && r.lastOrderAt() != null,
                        "-recency"),
                Arguments.of(
                        q("archetype", "champions", "sort", "ltv"),
                        (Predicate<CustomerOracle.Row>) r -> r.archetype().equals("champions"),
                        "ltv"));
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void filtersCombineWithEverySortInBothDirections(
            Map<String, List<String>> filter, Predicate<CustomerOracle.Row> matches, String sort) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>(filter);
        query.put("limit", List.of("37"));
        List<String> expected = oracle.expect(matches, sort);

        assertTrue(expected.size() > 37, "the combination spans several pages: " + expected.size());
        assertEquals(expected, ids(fixture.walk(ACME_KEY, ACME_MAIN, query)));
    }

    @Test
    void theLastPageHasNoNextCursorAndUnscoredOrDeletedCustomersAreNotListed() {
        List<JsonNode> all = fixture.walk(ACME_KEY, ACME_MAIN, q("limit", "200"));
        Set<String> listed = new HashSet<>(ids(all));

        assertFalse(listed.contains("C-010505"), "unscored customer listed");
        assertFalse(listed.contains("C-000007"), "soft-deleted customer listed");
        assertTrue(listed.contains("C-010525"), "scored customer missing");
        JsonNode exact =
                fixture.customers(ACME_KEY, ACME_MAIN, q("q", "C-010525")).body();
        assertEquals(1, exact.get("items").size());
        assertNull(exact.get("nextCursor"));
        JsonNode item = exact.get("items").get(0);
        for (String field : List.of(
                "customerId",
                "name",
                "email",
                "predictedLtv",
                "churnRisk",
                "pAlive",
                "archetype",
                "segments",
                "lastOrderAt",
                "orderCount",
                "totalSpend",
                "scoredAt")) {
            assertTrue(item.has(field), field + " in " + item);
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
