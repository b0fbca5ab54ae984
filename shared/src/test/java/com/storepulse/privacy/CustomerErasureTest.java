package com.storepulse.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.config.ConfigurationException;
import com.storepulse.db.Database;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.testing.ClearTextSearch;
import com.storepulse.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomerErasure} on the real schema: what an erasure removes, what it keeps, that it is
 * idempotent and store-scoped, and that the suppression it writes is what {@link Suppressions}
 * then matches.
 */
class CustomerErasureTest {

    private static final Database DATABASE = TestDatabase.shared();

    /** A cache that records what it was told and confirms (or not). */
    private static final class RecordingCache implements CacheInvalidation {
        final List<String> changed = new ArrayList<>();
        boolean confirms = true;

        @Override
        public void customerChanged(long storeId, String externalCustomerId) {
            changed.add(storeId + "/" + externalCustomerId);
        }

        @Override
        public boolean customerChangedConfirmed(long storeId, String externalCustomerId) {
            customerChanged(storeId, externalCustomerId);
            return confirms;
        }

        @Override
        public void storeChanged(long storeId) {}
    }

    private final RecordingCache cache = new RecordingCache();
    private final CustomerErasure erasure = new CustomerErasure(
            DATABASE.jdbi(), PrivacyFixture.HASHES, cache, Duration.ofMinutes(5), MetricsRecorder.NOOP);

    @Test
    void anErasureLeavesNoPersonalDataAndKeepsTheOrdersAsAnAnonymousRow() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        PrivacyFixture.Person bob = store.person("bob");
        long adaId = store.customer(ada, 3);
        store.customer(bob, 2);
        store.event("e1-" + store.tag, "customer.created", PrivacyFixture.customerCreated(ada));
        store.event("e2-" + store.tag, "order.created", PrivacyFixture.orderCreated(ada, "web-1-" + store.tag));
        store.event("e3-" + store.tag, "order.created", PrivacyFixture.orderCreated(bob, "web-2-" + store.tag));
        // an event that mentions ada's id only inside another value does not name her
        store.event(
                "e4-" + store.tag,
                "order.created",
                PrivacyFixture.orderCreated(bob, "note-" + ada.id())
                        .replace("\"kind\"", "\"note\":\"" + ada.id() + "\",\"kind\""));
        List<ClearTextSearch.Hit> before = ClearTextSearch.find(DATABASE.jdbi(), ada.clearText());
        assertFalse(before.isEmpty(), "the search finds ada before the erasure (it can fail)");
        BigDecimal revenue = store.sum("SELECT sum(amount) FROM fact_order WHERE store_id = :s");
        long orders = store.count("SELECT count(*) FROM fact_order WHERE store_id = :s");
        long live = store.count("SELECT customers FROM store_live_customers WHERE store_id = :s");

        CustomerErasure.Outcome outcome = erasure.erase(store.storeId, ada.id(), store.actor());

        assertTrue(outcome.created());
        CustomerErasure.Erasure done = outcome.erasure();
        assertTrue(done.customerFound());
        assertTrue(done.completed(), "the cache confirmed, so it is complete now");
        assertEquals(3, done.ordersKept());
        assertEquals(1, done.scoreRowsDeleted());
        assertEquals(2, done.webhookEventsDeleted(), "ada's customer.created and order.created");
        assertEquals(List.of(store.storeId + "/" + ada.id()), cache.changed);

        List<ClearTextSearch.Hit> after = ClearTextSearch.find(DATABASE.jdbi(), ada.clearText());
        // bob's event with ada's id inside its note is bob's: kept, and the only place the id is left
        assertEquals(1, after.size(), after.toString());
        assertEquals("webhook_event", after.get(0).table());
        assertEquals(ada.id(), after.get(0).needle());
        assertEquals(
                1, store.count("SELECT count(*) FROM webhook_event WHERE store_id = :s AND body LIKE '%\"note\"%'"));
        List<String> bobFound = ClearTextSearch.find(DATABASE.jdbi(), bob.clearText()).stream()
                .map(hit -> hit.table() + "." + hit.column() + ":" + hit.needle())
                .toList();
        assertTrue(
                bobFound.containsAll(List.of(
                        "dim_customer.email:" + bob.email(),
                        "dim_customer.first_name:" + bob.firstName(),
                        "dim_customer.external_id:" + bob.id(),
                        "webhook_event.body:" + bob.id())),
                "bob is untouched: " + bobFound);

        Map<String, Object> row = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT * FROM dim_customer WHERE customer_id = :c")
                        .bind("c", adaId)
                        .mapToMap()
                        .one());
        assertTrue(((String) row.get("external_id")).startsWith("erased:"), row.toString());
        for (String column : List.of("email", "first_name", "last_name", "country", "signed_up_at")) {
            assertEquals(null, row.get(column), column);
        }
        assertTrue(row.get("deleted_at") != null && row.get("erased_at") != null);
        assertEquals(3, ((Number) row.get("order_count")).intValue(), "the row keeps the order figures");

        assertEquals(revenue, store.sum("SELECT sum(amount) FROM fact_order WHERE store_id = :s"), "orders stay");
        assertEquals(orders, store.count("SELECT count(*) FROM fact_order WHERE store_id = :s"));
        assertEquals(3, store.count("SELECT count(*) FROM fact_order WHERE store_id = :s AND customer_id = " + adaId));
        assertEquals(live - 1, store.count("SELECT customers FROM store_live_customers WHERE store_id = :s"));
        assertEquals(
                0, store.count("SELECT count(*) FROM customer_score WHERE store_id = :s AND customer_id = " + adaId));
        assertEquals(1, store.count("SELECT count(*) FROM customer_score WHERE store_id = :s"), "bob's score stays");
        List<List<Map<String, Object>>> rollups = store.rollupAsStoredAndRebuilt();
        assertEquals(rollups.get(1), rollups.get(0), "the rollups describe the scores that are left");
        assertEquals(rollups.get(3), rollups.get(2), "so do the last-order days");
        assertEquals(1, store.count("SELECT sum(customers) FROM store_score_rollup WHERE store_id = :s"));
    }

    @Test
    void askingAgainAnswersTheSameRequestAndTheSuppressionMatchesTheCustomerOnly() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        PrivacyFixture.Person bob = store.person("bob");
        store.customer(ada, 1);
        store.customer(bob, 1);

        CustomerErasure.Erasure first =
                erasure.erase(store.storeId, ada.id(), store.actor()).erasure();
        CustomerErasure.Outcome again = erasure.erase(store.storeId, ada.id(), store.actor());

        assertFalse(again.created());
        assertEquals(first.erasureId(), again.erasure().erasureId());
        assertEquals(
                first.erasureId(),
                erasure.find(store.storeId, first.erasureId()).orElseThrow().erasureId());
        PrivacyFixture other = new PrivacyFixture(DATABASE);
        assertTrue(erasure.find(other.storeId, first.erasureId()).isEmpty(), "another store's request is not found");

        Suppressions suppressions = new Suppressions(PrivacyFixture.HASHES, MetricsRecorder.NOOP);
        DATABASE.jdbi().useTransaction(h -> {
            assertTrue(suppressions.refuses(h, store.storeId, ada.id(), Suppressions.WEBHOOK));
            assertFalse(suppressions.refuses(h, store.storeId, bob.id(), Suppressions.WEBHOOK));
            assertFalse(suppressions.refuses(h, other.storeId, ada.id(), Suppressions.WEBHOOK), "per store");
            Suppressions.Batch batch = suppressions.batch(h, store.storeId);
            assertTrue(batch.refuses(ada.id()));
            assertFalse(batch.refuses(bob.id()));
            assertEquals(1, batch.refused());
        });
        String stored = DATABASE.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT encode(subject_hash, 'hex') FROM customer_suppression WHERE store_id = :s")
                        .bind("s", store.storeId)
                        .mapTo(String.class)
                        .one());
        assertFalse(stored.contains(ada.id()));
        assertEquals(64, stored.length(), "a 32-byte keyed hash, nothing else");
    }

    @Test
    void aCustomerNotHeldYetIsSuppressedAllTheSame() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person nobody = store.person("nobody");

        CustomerErasure.Erasure done =
                erasure.erase(store.storeId, nobody.id(), store.actor()).erasure();

        assertFalse(done.customerFound());
        assertEquals(0, done.ordersKept());
        Suppressions suppressions = new Suppressions(PrivacyFixture.HASHES, MetricsRecorder.NOOP);
        assertTrue(refuses(suppressions, store.storeId, nobody.id()));
    }

    @Test
    void withoutTheCacheConfirmingTheRequestStaysPendingUntilCachedCopiesHaveExpired() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        store.customer(ada, 1);
        cache.confirms = false;

        CustomerErasure.Erasure pending =
                erasure.erase(store.storeId, ada.id(), store.actor()).erasure();

        assertFalse(pending.completed());
        Duration left = Duration.between(pending.requestedAt(), pending.completedAt());
        assertEquals(Duration.ofMinutes(5), left, "complete by when a cached detail has expired at the latest");

        cache.confirms = true;
        CustomerErasure.Erasure retried =
                erasure.erase(store.storeId, ada.id(), store.actor()).erasure();
        assertEquals(pending.erasureId(), retried.erasureId());
        assertTrue(retried.completed(), "asking again tries the cache again");
    }

    @Test
    void aSyncCursorOrRunMessageHoldingTheIdForgetsIt() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        store.customer(ada, 1);
        long source = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("""
                                INSERT INTO sync_source (tenant_id, store_id, jdbc_url, cursor_kind)
                                VALUES (:t, :s, 'jdbc:h2:mem:none', 'modifiedAt') RETURNING sync_source_id""")
                        .bind("t", store.tenantId)
                        .bind("s", store.storeId)
                        .mapTo(Long.class)
                        .one());
        DATABASE.jdbi().useHandle(h -> {
            h.createUpdate("""
                            INSERT INTO sync_cursor (sync_source_id, source_table, cursor_value, last_key)
                            VALUES (:src, 'customers', '2026-01-01T00:00:00', :id), (:src, 'orders', '2026-01-01T00:00:00', 'o-1')""").bind("src", source).bind("id", ada.id()).execute();
            h.createUpdate("""
                            INSERT INTO sync_run (sync_source_id, store_id, mode, status, error)
                            VALUES (:src, :s, 'full', 'failed', :error)""")
                    .bind("src", source)
                    .bind("s", store.storeId)
                    .bind("error", "Invalid customers[" + ada.id() + "]: the e-mail is too long")
                    .execute();
        });

        erasure.erase(store.storeId, ada.id(), store.actor());

        assertEquals(List.of(), ClearTextSearch.find(DATABASE.jdbi(), ada.clearText()));
        assertEquals(
                1,
                store.count("SELECT count(*) FROM sync_cursor c JOIN sync_source s USING (sync_source_id)"
                        + " WHERE s.store_id = :s AND c.source_table = 'customers' AND c.cursor_value IS NULL"),
                "the customers cursor starts over (the next run reads the table again, writing nothing)");
        assertEquals(
                1,
                store.count("SELECT count(*) FROM sync_cursor c JOIN sync_source s USING (sync_source_id)"
                        + " WHERE s.store_id = :s AND c.last_key = 'o-1'"),
                "the orders cursor is untouched");
        assertEquals(
                1,
                store.count("SELECT count(*) FROM sync_run WHERE store_id = :s"
                        + " AND error = 'Invalid customers[erased]: the e-mail is too long'"));
    }

    @Test
    void withoutAHashKeyNothingIsErasedAndAStoreWithErasuresRefusesChanges() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        store.customer(ada, 1);
        CustomerErasure unkeyed = new CustomerErasure(
                DATABASE.jdbi(), SubjectHashes.none(), cache, Duration.ofMinutes(5), MetricsRecorder.NOOP);

        assertThrows(ConfigurationException.class, () -> unkeyed.erase(store.storeId, ada.id(), store.actor()));
        assertEquals(1, store.count("SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL"));

        Suppressions blind = Suppressions.unkeyed();
        assertFalse(refuses(blind, store.storeId, ada.id()), "a store without erasures needs no key");
        erasure.erase(store.storeId, ada.id(), store.actor());
        assertThrows(
                ConfigurationException.class,
                () -> DATABASE.jdbi()
                        .useTransaction(h -> blind.refuses(h, store.storeId, "anyone", Suppressions.WEBHOOK)),
                "fails closed: without the key it cannot tell who was erased");
        assertThrows(
                ConfigurationException.class, () -> DATABASE.jdbi().useTransaction(h -> blind.batch(h, store.storeId)));
    }

    @Test
    void aRotatedKeyStillFindsTheErasureMadeUnderTheFormerOne() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        store.customer(ada, 1);
        byte[] former = java.util.Base64.getDecoder().decode(SubjectHashes.newKey());
        byte[] current = java.util.Base64.getDecoder().decode(SubjectHashes.newKey());
        CustomerErasure before = new CustomerErasure(
                DATABASE.jdbi(), SubjectHashes.ofKeys(former), cache, Duration.ofMinutes(5), MetricsRecorder.NOOP);
        UUID first =
                before.erase(store.storeId, ada.id(), store.actor()).erasure().erasureId();

        SubjectHashes rotated = SubjectHashes.ofKeys(current, former);
        CustomerErasure after =
                new CustomerErasure(DATABASE.jdbi(), rotated, cache, Duration.ofMinutes(5), MetricsRecorder.NOOP);
        assertEquals(
                first,
                after.erase(store.storeId, ada.id(), store.actor()).erasure().erasureId());
        assertTrue(refuses(new Suppressions(rotated, MetricsRecorder.NOOP), store.storeId, ada.id()));
        assertFalse(
                refuses(new Suppressions(SubjectHashes.ofKeys(current), MetricsRecorder.NOOP), store.storeId, ada.id()),
                "without the former key the entry cannot be matched: why rotation keeps it");
        assertNotEquals(0, first.getMostSignificantBits() | first.getLeastSignificantBits());
    }

    private static boolean refuses(Suppressions suppressions, long storeId, String externalId) {
        return DATABASE.jdbi().inTransaction(h -> suppressions.refuses(h, storeId, externalId, Suppressions.WEBHOOK));
    }
}
