package com.storepulse.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CustomerExport}: everything the store holds about one customer, nothing about another. */
class CustomerExportTest {

    private static final Database DATABASE = TestDatabase.shared();
    private final CustomerExport exports = new CustomerExport(DATABASE.jdbi(), PrivacyFixture.HASHES);

    @Test
    void theDocumentHoldsTheProfileEveryOrderTheScoresAndTheEventsThatNameTheCustomer() throws Exception {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        PrivacyFixture.Person bob = store.person("bob");
        long adaId = store.customer(ada, 3);
        store.customer(bob, 2);
        store.event("e1-" + store.tag, "customer.created", PrivacyFixture.customerCreated(ada));
        store.event("e2-" + store.tag, "order.created", PrivacyFixture.orderCreated(ada, "web-1-" + store.tag));
        store.event("e3-" + store.tag, "order.created", PrivacyFixture.orderCreated(bob, "web-2-" + store.tag));
        DATABASE.jdbi().useHandle(h -> {
            // a score version an incremental rescoring replaced, kept for list walks
            h.createUpdate("""
                            INSERT INTO customer_score_retired
                            SELECT s.*, s.score_version + 1 AS retired_version, now() AS retired_at
                            FROM customer_score s WHERE s.customer_id = :c""").bind("c", adaId).execute();
            // an order deleted at the source is still held
            h.createUpdate("UPDATE fact_order SET deleted_at = now() WHERE order_id = (SELECT min(order_id) FROM"
                            + " fact_order WHERE customer_id = :c)")
                    .bind("c", adaId)
                    .execute();
        });

        CustomerExport.Export export =
                exports.export(store.storeId, ada.id(), store.actor()).orElseThrow();
        JsonNode json = Json.mapper().readTree(Json.write(export));

        assertEquals(ada.id(), json.path("customerId").asText());
        assertEquals(ada.email(), json.path("profile").path("email").asText());
        assertEquals(
                ada.firstName() + " " + ada.lastName(),
                json.path("profile").path("name").asText());
        assertEquals("DE", json.path("profile").path("country").asText());
        assertTrue(json.path("profile").has("deletedAt"), "every profile field is written, null or not");
        assertEquals(3, json.path("orders").size());
        assertEquals(1, countWith(json.path("orders"), "deletedAt"), "the order deleted at the source too");
        assertEquals("at_risk", json.path("scores").path("archetype").asText());
        assertEquals(
                List.of("repeat_buyer"),
                List.of(json.path("scores").path("segments").get(0).asText()));
        assertEquals(1, json.path("scoreHistory").size());
        assertTrue(json.path("scoreHistory").get(0).has("retiredAt"));
        assertEquals(2, json.path("webhookEvents").size(), "ada's two events, not bob's");
        assertEquals(
                ada.id(),
                json.path("webhookEvents")
                        .get(0)
                        .path("body")
                        .path("data")
                        .path("id")
                        .asText());
        assertTrue(json.path("exportedAt").isTextual());
        assertTrue(!Json.write(export).contains(bob.id()), "nothing about bob");
    }

    @Test
    void aCustomerNotHeldOrErasedHasNoExport() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        store.customer(ada, 1);
        assertTrue(exports.export(store.storeId, "nobody", store.actor()).isEmpty());
        PrivacyFixture other = new PrivacyFixture(DATABASE);
        assertTrue(exports.export(other.storeId, ada.id(), store.actor()).isEmpty(), "another store's customer");

        CustomerExport.Export held =
                exports.export(store.storeId, ada.id(), store.actor()).orElseThrow();
        assertEquals(1, held.orders().size());
        new CustomerErasure(
                        DATABASE.jdbi(),
                        PrivacyFixture.HASHES,
                        CacheInvalidation.NONE,
                        Duration.ofMinutes(5),
                        MetricsRecorder.NOOP)
                .erase(store.storeId, ada.id(), store.actor());
        assertTrue(
                exports.export(store.storeId, ada.id(), store.actor()).isEmpty(),
                "after the erasure nothing is held by that id");
    }

    @Test
    void anUnscoredCustomerIsExportedWithNullScores() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        long id = store.customer(ada, 1);
        DATABASE.jdbi().useHandle(h -> h.execute("DELETE FROM customer_score WHERE customer_id = ?", id));
        CustomerExport.Export export =
                exports.export(store.storeId, ada.id(), store.actor()).orElseThrow();
        assertNull(export.scores());
        assertTrue(Json.write(export).contains("\"scores\":null"));
    }

    private static int countWith(JsonNode array, String field) {
        int n = 0;
        for (JsonNode item : array) {
            n += item.hasNonNull(field) ? 1 : 0;
        }
        return n;
    }
}
