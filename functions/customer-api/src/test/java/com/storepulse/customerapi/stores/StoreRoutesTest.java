package com.storepulse.customerapi.stores;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.QueryFixture;
import com.storepulse.stores.StoreRollups;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /v1/stores, /archetypes and /summary against aggregates computed in Java from the rows. */
class StoreRoutesTest {

    private static QueryFixture fixture;

    @BeforeAll
    static void load() {
        fixture = QueryFixture.get();
    }

    private record Score(String archetype, BigDecimal ltv, double churn, Instant lastOrderAt) {}

    private static List<Score> scores(long storeId) {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT a.code, s.predicted_ltv, s.churn_risk, s.last_order_at
                        FROM customer_score s JOIN dim_archetype a USING (archetype_id) WHERE s.store_id = :s""")
                        .bind("s", storeId)
                        .map((rs, ctx) -> {
                            OffsetDateTime last = rs.getObject("last_order_at", OffsetDateTime.class);
                            return new Score(
                                    rs.getString("code"),
                                    rs.getBigDecimal("predicted_ltv"),
                                    rs.getDouble("churn_risk"),
                                    last == null ? null : last.toInstant());
                        })
                        .list());
    }

    @Test
    void storesListsOnlyWhatTheKeyMayReadWithCounts() {
        List.of(101L, 102L, 103L).forEach(fixture.cache::storeChanged);
        JsonNode all =
                fixture.get(ACME_KEY, "/v1/stores", Map.of(), Map.of()).body().get("items");
        JsonNode outlet = fixture.get(ACME_OUTLET_KEY, "/v1/stores", Map.of(), Map.of())
                .body()
                .get("items");

        assertEquals(List.of(101L, 102L, 103L), ids(all));
        assertEquals(List.of(ACME_OUTLET), ids(outlet));
        JsonNode main = all.get(0);
        assertEquals("Acme Main", main.get("name").asText());
        assertEquals(liveCustomers(ACME_MAIN), main.get("customers").asLong());
        assertTrue(main.get("customers").asLong() < 10_530, "soft-deleted customers are not counted");
        assertEquals(scores(ACME_MAIN).size(), main.get("scoredCustomers").asLong());
        assertEquals("EUR", all.get(1).get("currency").asText());
    }

    @Test
    void storeCountsComeFromTheCacheUntilCustomerChanged() {
        fixture.cache.storeChanged(ACME_OUTLET);
        long before = fixture.get(ACME_OUTLET_KEY, "/v1/stores", Map.of(), Map.of())
                .body()
                .at("/items/0/customers")
                .asLong();
        assertEquals(liveCustomers(ACME_OUTLET), before);
        long someone = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT customer_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL LIMIT 1")
                        .bind("s", ACME_OUTLET)
                        .mapTo(Long.class)
                        .one());
        fixture.database
                .jdbi()
                .useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = :id")
                        .bind("id", someone)
                        .execute());
        try {
            assertEquals(
                    before,
                    fixture.get(ACME_OUTLET_KEY, "/v1/stores", Map.of(), Map.of())
                            .body()
                            .at("/items/0/customers")
                            .asLong(),
                    "served from the cache");
            fixture.cache.customerChanged(ACME_OUTLET, externalId(someone));
            assertEquals(
                    before - 1,
                    fixture.get(ACME_OUTLET_KEY, "/v1/stores", Map.of(), Map.of())
                            .body()
                            .at("/items/0/customers")
                            .asLong());
        } finally {
            fixture.database
                    .jdbi()
                    .useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = NULL WHERE customer_id = :id")
                            .bind("id", someone)
                            .execute());
            fixture.cache.storeChanged(ACME_OUTLET);
        }
    }

    private static long liveCustomers(long storeId) {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new java.util.ArrayList<>();
        items.forEach(i -> ids.add(i.get("storeId").asLong()));
        return ids;
    }

    @Test
    void archetypesMatchTheRowsAndComeFromTheCacheUntilStoreChanged() {
        fixture.cache.storeChanged(ACME_OUTLET);
        JsonNode body = fixture.get(ACME_KEY, "/v1/stores/{storeId}/archetypes", Map.of("storeId", "102"), Map.of())
                .body();

        List<Score> rows = scores(ACME_OUTLET);
        assertEquals(11, body.get("archetypes").size());
        Map<String, JsonNode> byCode = new HashMap<>();
        body.get("archetypes").forEach(a -> byCode.put(a.get("code").asText(), a));
        for (Map.Entry<String, JsonNode> entry : byCode.entrySet()) {
            List<Score> mine = rows.stream()
                    .filter(s -> s.archetype().equals(entry.getKey()))
                    .toList();
            JsonNode a = entry.getValue();
            assertEquals(mine.size(), a.get("customers").asLong(), entry.getKey());
            BigDecimal total = mine.stream().map(Score::ltv).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, total.compareTo(a.get("totalPredictedLtv").decimalValue()), entry.getKey());
            if (mine.isEmpty()) {
                assertNull(a.get("averageChurnRisk"));
            } else {
                double churn = mine.stream().mapToDouble(Score::churn).average().orElseThrow();
                assertEquals(churn, a.get("averageChurnRisk").asDouble(), 1e-9, entry.getKey());
                BigDecimal avg = total.divide(BigDecimal.valueOf(mine.size()), 2, java.math.RoundingMode.HALF_UP);
                assertEquals(0, avg.compareTo(a.get("averagePredictedLtv").decimalValue()), entry.getKey());
            }
        }

        // As the scorer does: scores and the store's rollup in one transaction.
        fixture.database.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE customer_score SET archetype_id = 1 WHERE store_id = 102 AND archetype_id = 2")
                    .execute();
            StoreRollups.refresh(h, 102);
        });
        JsonNode cached = fixture.get(ACME_KEY, "/v1/stores/{storeId}/archetypes", Map.of("storeId", "102"), Map.of())
                .body();
        assertEquals(body, cached, "served from the cache");
        fixture.cache.storeChanged(ACME_OUTLET);
        JsonNode fresh = fixture.get(ACME_KEY, "/v1/stores/{storeId}/archetypes", Map.of("storeId", "102"), Map.of())
                .body();
        assertEquals(0, fresh.at("/archetypes/1/customers").asLong(), "loyal emptied into champions");
        assertEquals(
                byCode.get("champions").get("customers").asLong()
                        + byCode.get("loyal").get("customers").asLong(),
                fresh.at("/archetypes/0/customers").asLong());
    }

    @Test
    void summaryMatchesTheRowsAndIsRefreshedByCustomerChanged() {
        fixture.cache.storeChanged(ACME_MAIN);
        Instant before = Instant.now();
        JsonNode body = fixture.get(ACME_KEY, "/v1/stores/{storeId}/summary", Map.of("storeId", "101"), Map.of())
                .body();

        List<Score> rows = scores(ACME_MAIN);
        Instant activeSince = Instant.parse(body.get("computedAt").asText()).minus(Duration.ofDays(90));
        assertTrue(!activeSince.isBefore(before.minus(Duration.ofDays(90))));
        assertEquals(liveCustomers(ACME_MAIN), body.get("customers").asLong());
        assertEquals(rows.size(), body.get("scoredCustomers").asLong());
        assertEquals(
                rows.stream()
                        .filter(s -> s.lastOrderAt() != null && !s.lastOrderAt().isBefore(activeSince))
                        .count(),
                body.get("activeCustomers").asLong());
        List<Score> atRisk = rows.stream()
                .filter(s -> List.of("at_risk", "cant_lose_them").contains(s.archetype()) || s.churn() >= 0.7)
                .toList();
        assertEquals(atRisk.size(), body.at("/atRisk/customers").asLong());
        assertEquals(
                0,
                atRisk.stream()
                        .map(Score::ltv)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .compareTo(body.at("/atRisk/predictedLtv").decimalValue()));
        assertEquals(
                0,
                rows.stream()
                        .map(Score::ltv)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .compareTo(body.get("totalPredictedLtv").decimalValue()));
        long[] deciles = new long[10];
        rows.forEach(s -> deciles[Math.min((int) Math.floor(s.churn() * 10), 9)]++);
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    deciles[i], body.at("/churnRiskDeciles/" + i + "/customers").asLong(), "decile " + i);
        }

        Map<String, Object> picked = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT customer_id, churn_risk FROM customer_score WHERE store_id = 101 AND churn_risk < 0.5 AND archetype_id NOT IN (8, 9) LIMIT 1")
                        .mapToMap()
                        .one());
        long someone = ((Number) picked.get("customer_id")).longValue();
        fixture.database.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE customer_score SET churn_risk = 0.95 WHERE customer_id = :id")
                    .bind("id", someone)
                    .execute();
            StoreRollups.refresh(h, 101);
        });
        try {
            assertEquals(
                    body,
                    fixture.get(ACME_KEY, "/v1/stores/{storeId}/summary", Map.of("storeId", "101"), Map.of())
                            .body());
            fixture.cache.customerChanged(ACME_MAIN, externalId(someone));
            JsonNode fresh = fixture.get(ACME_KEY, "/v1/stores/{storeId}/summary", Map.of("storeId", "101"), Map.of())
                    .body();
            assertEquals(atRisk.size() + 1, fresh.at("/atRisk/customers").asLong());
        } finally {
            fixture.database.jdbi().useTransaction(h -> {
                h.createUpdate("UPDATE customer_score SET churn_risk = :churn WHERE customer_id = :id")
                        .bind("churn", (Double) picked.get("churn_risk"))
                        .bind("id", someone)
                        .execute();
                StoreRollups.refresh(h, 101);
            });
            fixture.cache.storeChanged(ACME_MAIN);
        }
    }

    private static String externalId(long customerId) {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT external_id FROM dim_customer WHERE customer_id = :id")
                        .bind("id", customerId)
                        .mapTo(String.class)
                        .one());
    }
}
