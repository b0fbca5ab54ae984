package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.QueryFixture;
import com.storepulse.stores.StoreRollups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /v1/stores/{storeId}/customers/{customerId}: content, unscored customers, cache and invalidation. */
class CustomerDetailTest {

    private static QueryFixture fixture;

    @BeforeAll
    static void load() {
        fixture = QueryFixture.get();
    }

    private static long internalId(String externalId) {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT customer_id FROM dim_customer WHERE store_id = 101 AND external_id = :e")
                        .bind("e", externalId)
                        .mapTo(Long.class)
                        .one());
    }

    /** What the scorer does to one customer: new scores and the store's rollup, in one transaction. */
    private static void rescore(long customerId, String assignment) {
        fixture.database.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE customer_score SET " + assignment + " WHERE customer_id = :id")
                    .bind("id", customerId)
                    .execute();
            StoreRollups.refresh(h, ACME_MAIN);
        });
    }

    @Test
    void aScoredCustomerHasProfileScoresArchetypeRfmAndTheLatestTenOrders() {
        QueryFixture.Response response = fixture.customer(ACME_KEY, ACME_MAIN, "C-000012");

        assertEquals(200, response.status(), response.body().toString());
        JsonNode body = response.body();
        assertEquals("C-000012", body.get("customerId").asText());
        assertEquals("c-000012@example.com", body.at("/profile/email").asText());
        JsonNode scores = body.get("scores");
        long id = internalId("C-000012");
        var expected = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT s.predicted_ltv, s.churn_risk, s.p_alive, a.code, a.name, s.r_score, s.segments::text AS segments
                        FROM customer_score s JOIN dim_archetype a USING (archetype_id) WHERE customer_id = :id""").bind("id", id).mapToMap().one());
        assertEquals(0, scores.get("predictedLtv").decimalValue().compareTo((java.math.BigDecimal)
                expected.get("predicted_ltv")));
        assertEquals(
                (Double) expected.get("churn_risk"), scores.get("churnRisk").asDouble());
        assertEquals((Double) expected.get("p_alive"), scores.get("pAlive").asDouble());
        assertEquals(expected.get("code"), scores.at("/archetype/code").asText());
        assertEquals(expected.get("name"), scores.at("/archetype/name").asText());
        assertFalse(scores.at("/archetype/description").asText().isBlank());
        assertEquals(
                ((Number) expected.get("r_score")).intValue(),
                scores.at("/rfm/r").asInt());
        assertEquals(
                expected.get("segments").toString().replace(" ", ""),
                scores.get("segments").toString());
        for (String field : List.of("expectedPurchases", "scoredAt", "ltvHorizonMonths", "purchasesHorizonDays")) {
            assertTrue(scores.has(field), field);
        }

        JsonNode orders = body.get("lastOrders");
        assertEquals(10, orders.size(), "15 orders in the fixture, the latest 10 shown");
        List<Instant> times = new ArrayList<>();
        orders.forEach(o -> times.add(Instant.parse(o.get("orderedAt").asText())));
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i).isBefore(times.get(i - 1)), "newest first");
        }
        Instant newest = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT max(ordered_at) FROM fact_order WHERE customer_id = :id")
                        .bind("id", id)
                        .mapTo(java.time.OffsetDateTime.class)
                        .one())
                .toInstant();
        assertEquals(newest, times.get(0));
        assertEquals("return", orders.get(0).get("kind").asText());
    }

    @Test
    void anUnscoredCustomerHasADetailWithNullScores() {
        QueryFixture.Response response = fixture.customer(ACME_KEY, ACME_MAIN, "C-010505");

        assertEquals(200, response.status(), response.body().toString());
        assertTrue(response.body().has("scores"));
        assertTrue(response.body().get("scores").isNull());
        assertEquals(0, response.body().get("lastOrders").size());
    }

    @Test
    void unknownDeletedAndOtherStoresCustomersAre404() {
        assertEquals(404, fixture.customer(ACME_KEY, ACME_MAIN, "C-999999").status());
        assertEquals(404, fixture.customer(ACME_KEY, ACME_MAIN, "C-000007").status(), "soft-deleted");
        assertEquals(404, fixture.customer(ACME_KEY, ACME_MAIN, "c-000012").status(), "ids are case-sensitive");
        // C-000301 exists in store 101 but not in store 102 (which has 300 customers)
        assertEquals(200, fixture.customer(ACME_KEY, ACME_MAIN, "C-000301").status());
        assertEquals(
                404,
                fixture.customer(ACME_KEY, QueryFixture.ACME_OUTLET, "C-000301").status());
    }

    @Test
    void aCustomerIdContainingSlashesIsAddressedByTheRestOfThePath() {
        String externalId = "B2B/acme/7";
        fixture.database
                .jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO dim_customer (store_id, external_id, first_name) VALUES (:s, :e, 'Slash')")
                        .bind("s", ACME_MAIN)
                        .bind("e", externalId)
                        .execute());
        try {
            // As API Gateway REST sends GET /v1/stores/101/customers/B2B%2Facme%2F7: proxy decoded.
            QueryFixture.Response response = fixture.get(
                    ACME_KEY,
                    "/v1/{proxy+}",
                    Map.of("proxy", "stores/" + ACME_MAIN + "/customers/" + externalId),
                    Map.of());
            assertEquals(200, response.status(), response.body().toString());
            assertEquals(externalId, response.body().get("customerId").asText());
            assertTrue(response.body().get("scores").isNull());
            assertEquals(200, fixture.customer(ACME_KEY, ACME_MAIN, externalId).status());

            QueryFixture.Response prefix = fixture.customer(ACME_KEY, ACME_MAIN, "B2B/acme");
            assertEquals(404, prefix.status());
            assertEquals(
                    "NOT_FOUND", prefix.body().get("code").asText(), "the detail route answered, not ROUTE_NOT_FOUND");
        } finally {
            fixture.database
                    .jdbi()
                    .useHandle(h -> h.createUpdate("DELETE FROM dim_customer WHERE store_id = :s AND external_id = :e")
                            .bind("s", ACME_MAIN)
                            .bind("e", externalId)
                            .execute());
            fixture.cache.customerChanged(ACME_MAIN, externalId);
        }
    }

    @Test
    void theDetailIsCachedUntilCustomerChangedInvalidatesIt() {
        String externalId = "C-000020";
        long id = internalId(externalId);
        JsonNode first = fixture.customer(ACME_KEY, ACME_MAIN, externalId).body();

        // A write that does not invalidate: the cached detail is still served.
        rescore(id, "predicted_ltv = 123456.78");
        JsonNode cached = fixture.customer(ACME_KEY, ACME_MAIN, externalId).body();
        assertEquals(first, cached);

        // The writer's invalidation: the next read is fresh.
        fixture.cache.customerChanged(ACME_MAIN, externalId);
        JsonNode fresh = fixture.customer(ACME_KEY, ACME_MAIN, externalId).body();
        assertEquals(
                "123456.78", fresh.at("/scores/predictedLtv").decimalValue().toPlainString());
    }

    @Test
    void aSoftDeleteIs404OnceItsWriterInvalidatesTheDetail() {
        String externalId = "C-000021";
        long id = internalId(externalId);
        assertEquals(200, fixture.customer(ACME_KEY, ACME_MAIN, externalId).status());
        fixture.database
                .jdbi()
                .useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = :id")
                        .bind("id", id)
                        .execute());
        try {
            // Until the writer invalidates (or the TTL ends) the cached detail is served: the
            // documented bound, which lets a hit cost one Redis read and no database round trip.
            assertEquals(200, fixture.customer(ACME_KEY, ACME_MAIN, externalId).status());
            fixture.cache.customerChanged(ACME_MAIN, externalId);
            assertEquals(404, fixture.customer(ACME_KEY, ACME_MAIN, externalId).status());
        } finally {
            fixture.database
                    .jdbi()
                    .useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = NULL WHERE customer_id = :id")
                            .bind("id", id)
                            .execute());
            fixture.cache.customerChanged(ACME_MAIN, externalId);
        }
    }

    @Test
    void aStoreWideChangeDropsEveryCachedDetailOfTheStore() {
        String externalId = "C-000022";
        long id = internalId(externalId);
        JsonNode first = fixture.customer(ACME_KEY, ACME_MAIN, externalId).body();
        double before = first.at("/scores/churnRisk").asDouble();
        rescore(id, "churn_risk = 0.987");
        try {
            assertEquals(
                    first, fixture.customer(ACME_KEY, ACME_MAIN, externalId).body(), "cached");
            fixture.cache.storeChanged(ACME_MAIN); // what a full rescoring calls
            assertEquals(
                    0.987,
                    fixture.customer(ACME_KEY, ACME_MAIN, externalId)
                            .body()
                            .at("/scores/churnRisk")
                            .asDouble());
        } finally {
            rescore(id, "churn_risk = " + before);
            fixture.cache.storeChanged(ACME_MAIN);
        }
    }
}
