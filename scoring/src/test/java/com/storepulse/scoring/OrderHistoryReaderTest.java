package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java fold of raw order rows against the SQL aggregation it replaced (kept as the oracle in
 * test resources), on orders built to hit every rule: several orders on one day, returns on
 * purchase days and on days without a purchase (before the first one too), a customer with
 * returns only, foreign-currency orders, orders after the scoring day, soft-deleted customers,
 * and another store's orders.
 */
class OrderHistoryReaderTest {

    private static final LocalDate END = LocalDate.of(2025, 6, 30);
    private static Jdbi jdbi;
    private static long store;
    private static final List<Long> customers = new ArrayList<>();

    @BeforeAll
    static void orders() {
        jdbi = TestDatabase.shared().jdbi();
        long tenant = jdbi.withHandle(h -> h.createUpdate("INSERT INTO tenant (slug, name) VALUES (:slug, 'Reader')")
                .bind("slug", "reader-" + System.nanoTime())
                .executeAndReturnGeneratedKeys("tenant_id")
                .mapTo(Long.class)
                .one());
        store = newStore(tenant);
        long otherStore = newStore(tenant);
        Random random = new Random(20251126);
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency, fx_rate_to_store)
                    VALUES (:store, :ext, :customer, :dateKey, :at, :kind, :amount, :currency, :fx)""");
            int orderNo = 0;
            for (int c = 0; c < 400; c++) {
                long customer = newCustomer(h, store, "r" + c);
                customers.add(customer);
                int orders = c % 50 == 0 ? 0 : 1 + random.nextInt(8);
                int returns = c % 50 == 0 ? 2 : random.nextInt(3);
                LocalDate first = END.minusDays(random.nextInt(400) - 5); // a few start after END
                for (int i = 0; i < orders + returns; i++) {
                    boolean isReturn = i >= orders;
                    // few distinct days: same-day orders and returns on purchase days are common
                    LocalDate day = first.plusDays(random.nextInt(6) * (1 + random.nextInt(30)) - (isReturn ? 3 : 0));
                    boolean foreign = random.nextInt(5) == 0;
                    double amount = Math.round((5 + random.nextDouble() * 200) * 100) / 100.0;
                    batch.bind("store", store)
                            .bind("ext", "o" + orderNo++)
                            .bind("customer", customer)
                            .bind("dateKey", ScoringRepository.dateKey(day))
                            .bind(
                                    "at",
                                    Timestamp.from(
                                            day.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
                                                    .plusNanos(random.nextInt(1_000_000) * 1_000L)
                                                    .toInstant(ZoneOffset.UTC)))
                            .bind("kind", isReturn ? "return" : "order")
                            .bind("amount", isReturn ? -amount : amount)
                            .bind("currency", foreign ? "EUR" : "USD")
                            .bind("fx", foreign ? 1.0837 : 1.0)
                            .add();
                }
            }
            long stranger = newCustomer(h, otherStore, "x");
            batch.bind("store", otherStore)
                    .bind("ext", "x1")
                    .bind("customer", stranger)
                    .bind("dateKey", ScoringRepository.dateKey(END.minusDays(3)))
                    .bind("at", Timestamp.from(END.minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC)))
                    .bind("kind", "order")
                    .bind("amount", 10.0)
                    .bind("currency", "USD")
                    .bind("fx", 1.0)
                    .add();
            batch.execute();
            h.createUpdate("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = ANY(:ids)")
                    .bind("ids", new Long[] {customers.get(7), customers.get(8), customers.get(99)})
                    .execute();
        });
    }

    private static long newStore(long tenant) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO store (tenant_id, name) VALUES (:t, 'Reader')")
                .bind("t", tenant)
                .executeAndReturnGeneratedKeys("store_id")
                .mapTo(Long.class)
                .one());
    }

    private static long newCustomer(org.jdbi.v3.core.Handle h, long storeId, String externalId) {
        return h.createUpdate("INSERT INTO dim_customer (store_id, external_id) VALUES (:s, :e)")
                .bind("s", storeId)
                .bind("e", externalId)
                .executeAndReturnGeneratedKeys("customer_id")
                .mapTo(Long.class)
                .one();
    }

    private static List<String> oracle(List<Long> only) {
        String sql = ClasspathSqlLocator.removingComments().locate("com.storepulse.scoring.CustomerHistoriesOracle");
        return jdbi.withHandle(h -> h.createQuery(sql)
                .bind("storeId", store)
                .bind("endKey", ScoringRepository.dateKey(END))
                .map((rs, ctx) -> new CustomerHistory(
                        rs.getLong("customer_id"),
                        rs.getInt("purchase_days"),
                        ScoringRepository.epochDay(rs.getInt("first_key")),
                        ScoringRepository.epochDay(rs.getInt("last_key")),
                        rs.getDouble("total_spend"),
                        rs.getDouble("repeat_spend"),
                        rs.getDouble("returned_amount"),
                        rs.getTimestamp("last_order_at").toInstant()))
                .filter(history -> only == null || only.contains(history.customerId()))
                .map(OrderHistoryReaderTest::rounded)
                .list());
    }

    /** Sums in another order differ in the last bits: compare money to a millionth. */
    private static String rounded(CustomerHistory h) {
        return String.format(
                java.util.Locale.ROOT,
                "%d days=%d first=%d last=%d total=%.6f repeat=%.6f returned=%.6f at=%s",
                h.customerId(),
                h.purchaseDays(),
                h.firstDay(),
                h.lastDay(),
                h.totalSpend(),
                h.repeatSpend(),
                h.returnedAmount(),
                h.lastOrderAt());
    }

    @Test
    void aStoresHistoriesEqualTheSqlAggregation() {
        List<String> expected = oracle(null);
        List<String> actual = jdbi.inTransaction(h -> OrderHistoryReader.read(h, store, END, null)).stream()
                .map(OrderHistoryReaderTest::rounded)
                .toList();
        assertTrue(expected.size() > 350, "the fixture has most customers with orders: " + expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void someCustomersHistoriesEqualTheSqlAggregationForThem() {
        List<Long> some =
                List.of(customers.get(0), customers.get(1), customers.get(8), customers.get(200), customers.get(399));
        List<CustomerHistory> histories = jdbi.inTransaction(h -> OrderHistoryReader.read(h, store, END, some));
        // customer 0 has returns only and customer 8 is deleted: neither has a history
        List<Long> read = histories.stream().map(CustomerHistory::customerId).toList();
        assertTrue(
                !read.contains(customers.get(0)) && !read.contains(customers.get(8)) && !read.isEmpty(),
                read.toString());
        assertEquals(
                oracle(some),
                histories.stream().map(OrderHistoryReaderTest::rounded).toList());
    }

    @Test
    void noCustomersOrNoOrdersGiveNoHistories() {
        assertEquals(List.of(), jdbi.inTransaction(h -> OrderHistoryReader.read(h, store, END, List.of())));
        assertEquals(
                List.of(), jdbi.inTransaction(h -> OrderHistoryReader.read(h, store, LocalDate.of(2000, 1, 1), null)));
    }
}
