package com.storepulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.db.Database;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import com.storepulse.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotent apply on a real PostgreSQL (a fresh store per test). */
class ChangeApplierTest {

    private static final UnaryOperator<String> DATA = field -> "/data/" + field;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final Database database = TestDatabase.shared();
    private final ChangeApplier applier = new ChangeApplier();
    private long storeId;

    @BeforeEach
    void newStore() {
        String slug = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
        storeId = database.jdbi().withHandle(h -> {
            long tenant = h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                    .bind("s", slug)
                    .mapTo(Long.class)
                    .one();
            return h.createQuery(
                            "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'S', 'EUR') RETURNING store_id")
                    .bind("t", tenant)
                    .mapTo(Long.class)
                    .one();
        });
    }

    private Applied apply(CustomerChange change) {
        return database.jdbi().inTransaction(h -> applier.apply(h, storeId, change));
    }

    private Applied apply(OrderChange change) {
        return database.jdbi().inTransaction(h -> applier.apply(h, storeId, change, DATA));
    }

    private Map<String, Object> customerRow(String externalId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT email, first_name, deleted_at, order_count, total_spend, first_order_at, last_order_at"
                                        + " FROM dim_customer WHERE store_id = :s AND external_id = :e")
                        .bind("s", storeId)
                        .bind("e", externalId)
                        .mapToMap()
                        .one());
    }

    private static OrderChange order(String id, String customer, String amount, OrderKind kind, Instant updatedAt) {
        return new OrderChange(id, customer, T0, new BigDecimal(amount), "EUR", kind, updatedAt);
    }

    @Test
    void aNewerUpdateWinsAndAnOlderOneArrivingLaterChangesNothing() {
        assertEquals(
                ApplyOutcome.APPLIED,
                apply(CustomerChange.upsert("c1", "old@example.com", "Old", "L", T0, T0))
                        .outcome());
        assertEquals(
                ApplyOutcome.APPLIED,
                apply(CustomerChange.upsert("c1", "new@example.com", "New", "L", T0, T0.plusSeconds(10)))
                        .outcome());
        Applied late = apply(CustomerChange.upsert("c1", "mid@example.com", "Mid", "L", T0, T0.plusSeconds(5)));

        assertEquals(ApplyOutcome.STALE, late.outcome());
        assertEquals(Map.of(), late.changedCustomers());
        assertEquals("new@example.com", customerRow("c1").get("email"));
    }

    @Test
    void theSameVersionTwiceAppliesOnce() {
        CustomerChange change = CustomerChange.upsert("c1", "a@example.com", "A", "B", T0, T0);
        assertEquals(ApplyOutcome.APPLIED, apply(change).outcome());
        assertEquals(ApplyOutcome.STALE, apply(change).outcome());
        OrderChange order = order("o1", "c1", "10.00", OrderKind.ORDER, T0);
        assertEquals(ApplyOutcome.APPLIED, apply(order).outcome());
        assertEquals(ApplyOutcome.STALE, apply(order).outcome());
        assertEquals(1, customerRow("c1").get("order_count"));
        assertEquals(new BigDecimal("10.00"), customerRow("c1").get("total_spend"));
    }

    private Map<String, Object> orderRow(String externalId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT o.amount, o.kind, c.external_id AS customer FROM fact_order o"
                                + " JOIN dim_customer c ON c.customer_id = o.customer_id"
                                + " WHERE o.store_id = :s AND o.external_id = :e")
                        .bind("s", storeId)
                        .bind("e", externalId)
                        .mapToMap()
                        .one());
    }

    private static void assertStale(Applied applied, String what) {
        assertEquals(ApplyOutcome.STALE, applied.outcome(), what + " must be stale");
        assertEquals(Map.of(), applied.changedCustomers(), what + " rescores nobody");
    }

    @Test
    void anOlderOrderArrivingAfterANewerOneChangesNothing() {
        assertEquals(
                ApplyOutcome.APPLIED,
                apply(order("o1", "c1", "20.00", OrderKind.ORDER, T0.plusSeconds(10)))
                        .outcome());
        assertStale(
                apply(order("o1", "c1", "10.00", OrderKind.ORDER, T0.plusSeconds(5))),
                "an order update 5 s older than the stored one");
        assertStale(
                apply(order("o1", "c2", "99.00", OrderKind.RETURN, T0.plusSeconds(9))),
                "an older update moving the order to another customer");

        assertEquals(Map.of("amount", new BigDecimal("20.00"), "kind", "order", "customer", "c1"), orderRow("o1"));
        assertEquals(new BigDecimal("20.00"), customerRow("c1").get("total_spend"));
        assertEquals(1, customerRow("c1").get("order_count"));
    }

    /**
     * Ties (docs/webhooks.md, "Retries and idempotency"): a change whose updatedAt equals the stored
     * version is stale whatever it holds, so the first one stored at that version stays, for
     * customers (an update, a delete) as for orders.
     */
    @Test
    void anEqualUpdatedAtNeverOverwritesTheFirstStoredVersion() {
        apply(CustomerChange.upsert("c1", "first@example.com", "First", "L", T0, T0));
        assertStale(
                apply(CustomerChange.upsert("c1", "second@example.com", "Second", "L", T0, T0)),
                "a customer update at the stored updatedAt");
        assertStale(apply(CustomerChange.deletion("c1", T0)), "a delete at the stored updatedAt");
        assertEquals("first@example.com", customerRow("c1").get("email"));
        assertNull(customerRow("c1").get("deleted_at"));

        apply(CustomerChange.deletion("c2", T0));
        assertStale(
                apply(CustomerChange.upsert("c2", "back@example.com", "B", "L", T0, T0)),
                "an update at the stored delete's updatedAt");
        assertNotNull(customerRow("c2").get("deleted_at"));

        apply(order("o1", "c1", "20.00", OrderKind.ORDER, T0));
        assertStale(apply(order("o1", "c1", "30.00", OrderKind.RETURN, T0)), "an order update at the stored updatedAt");
        assertEquals(Map.of("amount", new BigDecimal("20.00"), "kind", "order", "customer", "c1"), orderRow("o1"));
    }

    /** Versions are compared as PostgreSQL stores them: to the microsecond. */
    @Test
    void versionsCloserThanAMicrosecondAreATie() {
        apply(CustomerChange.upsert("c1", "first@example.com", "F", "L", T0, T0));
        assertStale(
                apply(CustomerChange.upsert("c1", "nanos@example.com", "N", "L", T0, T0.plusNanos(400))),
                "a customer update 400 ns newer");
        assertEquals(
                ApplyOutcome.APPLIED,
                apply(CustomerChange.upsert("c1", "micro@example.com", "M", "L", T0, T0.plusNanos(1_000)))
                        .outcome(),
                "a customer update 1 microsecond newer");
        assertEquals("micro@example.com", customerRow("c1").get("email"));

        apply(order("o1", "c1", "20.00", OrderKind.ORDER, T0));
        assertStale(
                apply(order("o1", "c1", "21.00", OrderKind.ORDER, T0.plusNanos(400))), "an order update 400 ns newer");
        assertEquals(new BigDecimal("20.00"), orderRow("o1").get("amount"));
    }

    @Test
    void aSoftDeleteKeepsTheRowAndAnOlderUpdateDoesNotBringItBack() {
        apply(CustomerChange.upsert("c1", "a@example.com", "A", "B", T0, T0));
        Applied deleted = apply(CustomerChange.deletion("c1", T0.plusSeconds(60)));
        assertEquals(ApplyOutcome.APPLIED, deleted.outcome());
        assertEquals(
                ApplyOutcome.STALE,
                apply(CustomerChange.upsert("c1", "a@example.com", "A", "B", T0, T0.plusSeconds(30)))
                        .outcome());
        assertNotNull(customerRow("c1").get("deleted_at"));
        // A change newer than the delete is the retailer's system saying the customer is back.
        apply(CustomerChange.upsert("c1", "a@example.com", "A", "B", T0, T0.plusSeconds(90)));
        assertNull(customerRow("c1").get("deleted_at"));
    }

    @Test
    void aDeleteOfACustomerNeverSeenIsATombstoneThatAnOlderCreateCannotPass() {
        assertEquals(
                ApplyOutcome.APPLIED,
                apply(CustomerChange.deletion("ghost", T0.plusSeconds(60))).outcome());
        assertEquals(
                ApplyOutcome.STALE,
                apply(CustomerChange.upsert("ghost", "g@example.com", "G", "H", T0, T0))
                        .outcome());
        assertNotNull(customerRow("ghost").get("deleted_at"));
    }

    @Test
    void anOrderBeforeItsCustomerCreatesAPlaceholderThatTheCustomerFillsIn() {
        Applied placed = apply(order("o1", "c9", "25.50", OrderKind.ORDER, T0));
        assertEquals(ApplyOutcome.APPLIED, placed.outcome());
        assertEquals(List.of("c9"), List.copyOf(placed.changedCustomers().values()));
        assertNull(customerRow("c9").get("email"));

        assertEquals(
                ApplyOutcome.APPLIED,
                apply(CustomerChange.upsert("c9", "late@example.com", "Late", "C", T0, T0.minusSeconds(3600)))
                        .outcome());
        assertEquals("late@example.com", customerRow("c9").get("email"));
        assertEquals(1, customerRow("c9").get("order_count"));
    }

    /**
     * A stale order naming a customer StorePulse has never seen writes nothing at all: the
     * placeholder its customer would have needed is not left behind (it would show as a customer
     * with no data and no order).
     */
    @Test
    void aStaleOrderForACustomerNeverSeenLeavesNoPlaceholder() {
        apply(order("o1", "c1", "20.00", OrderKind.ORDER, T0.plusSeconds(10)));
        assertStale(
                apply(order("o1", "never-seen", "20.00", OrderKind.ORDER, T0.plusSeconds(5))),
                "an older update moving the order to a customer never seen");

        long rows = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM dim_customer WHERE store_id = :s AND external_id = 'never-seen'")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
        assertEquals(0, rows, "placeholder rows of a customer only a stale order named");
        assertEquals("c1", orderRow("o1").get("customer"));
    }

    @Test
    void returnsAreStoredNegativeAndNetOutOfTheSpend() {
        apply(order("o1", "c1", "100.00", OrderKind.ORDER, T0));
        apply(order("r1", "c1", "30.00", OrderKind.RETURN, T0));
        BigDecimal stored = database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT amount FROM fact_order WHERE store_id = :s AND external_id = 'r1'")
                                .bind("s", storeId)
                                .mapTo(BigDecimal.class)
                                .one());
        assertEquals(new BigDecimal("-30.00"), stored);
        assertEquals(1, customerRow("c1").get("order_count"));
        assertEquals(new BigDecimal("70.00"), customerRow("c1").get("total_spend"));
    }

    @Test
    void anOrderMovedToAnotherCustomerRefreshesBoth() {
        apply(order("o1", "c1", "40.00", OrderKind.ORDER, T0));
        Applied moved = apply(order("o1", "c2", "40.00", OrderKind.ORDER, T0.plusSeconds(1)));

        assertEquals(2, moved.changedCustomers().size());
        assertEquals(0, customerRow("c1").get("order_count"));
        assertEquals(new BigDecimal("0.00"), customerRow("c1").get("total_spend"));
        assertNull(customerRow("c1").get("last_order_at"));
        assertEquals(1, customerRow("c2").get("order_count"));
    }

    @Test
    void anOrderNotInTheStoresCurrencyIsRefusedNamingTheField() {
        OrderChange usd = new OrderChange("o1", "c1", T0, BigDecimal.TEN, "USD", OrderKind.ORDER, T0);
        ValidationException refused = assertThrows(ValidationException.class, () -> apply(usd));
        assertEquals("/data/currency", refused.fieldErrors().getFirst().field());
    }

    @Test
    void anUnknownStoreIsNotFound() {
        storeId = -1;
        assertThrows(UnknownStoreException.class, () -> apply(order("o1", "c1", "1", OrderKind.ORDER, T0)));
    }

    @Test
    void concurrentOrdersOfOneCustomerAllCountInTheTotals() throws Exception {
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Applied>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = "o" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return apply(order(id, "busy", "10.00", OrderKind.ORDER, T0));
                }));
                // and a duplicate of each, racing it
                results.add(pool.submit(() -> {
                    start.await();
                    return apply(order(id, "busy", "10.00", OrderKind.ORDER, T0));
                }));
            }
            start.countDown();
            int applied = 0;
            for (Future<Applied> result : results) {
                if (result.get().outcome() == ApplyOutcome.APPLIED) {
                    applied++;
                }
            }
            assertEquals(writers, applied);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers, customerRow("busy").get("order_count"));
        assertEquals(new BigDecimal("80.00"), customerRow("busy").get("total_spend"));
    }
}
