package com.storepulse.demodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {

    private static final DemoDataOptions SMALL = DemoDataOptions.of(DemoDataScale.small());
    private static Database db;
    private static LoadReport report;

    @BeforeAll
    static void loadSmallScale() {
        db = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_demo"), 4);
        Migrations.migrate(db.dataSource());
        report = new DemoDataGenerator(SMALL, line -> {}).load(db.jdbi());
    }

    @Test
    void smallScaleLoadsTheExpectedCounts() {
        DemoDataScale scale = SMALL.scale();
        Jdbi jdbi = db.jdbi();
        assertEquals(scale.tenants(), count(jdbi, "SELECT count(*) FROM tenant"));
        assertEquals(scale.stores(), count(jdbi, "SELECT count(*) FROM store"));
        assertEquals(scale.customers(), count(jdbi, "SELECT count(*) FROM dim_customer"));
        assertEquals(scale.orders(), count(jdbi, "SELECT count(*) FROM fact_order WHERE kind = 'order'"));
        long returns = count(jdbi, "SELECT count(*) FROM fact_order WHERE kind = 'return'");
        assertEquals(report.returns(), returns);
        assertEquals(scale.customers(), report.customers());
        assertEquals(scale.orders(), report.orders());
        assertTrue(returns > scale.orders() * 0.01 && returns < scale.orders() * 0.06, "returns: " + returns);
        assertEquals(1, count(jdbi, "SELECT count(*) FROM tenant WHERE slug = 'demo'"));
        // Every store got customers.
        assertEquals(
                0,
                count(
                        jdbi,
                        "SELECT count(*) FROM store s WHERE NOT EXISTS (SELECT 1 FROM dim_customer c WHERE c.store_id = s.store_id)"));
    }

    @Test
    void returnsHaveNegativeAmountsAndFollowTheirOrder() {
        Jdbi jdbi = db.jdbi();
        assertEquals(0, count(jdbi, "SELECT count(*) FROM fact_order WHERE kind = 'return' AND amount >= 0"));
        assertEquals(0, count(jdbi, """
                SELECT count(*) FROM fact_order r
                WHERE r.kind = 'return' AND NOT EXISTS (
                  SELECT 1 FROM fact_order o WHERE o.kind = 'order' AND o.store_id = r.store_id
                    AND o.external_id = 'ord_' || substr(r.external_id, 5) AND o.ordered_at < r.ordered_at
                    AND -r.amount <= o.amount AND o.currency = r.currency)"""));
    }

    @Test
    void datesCurrenciesAndChannelsLookLikeRetail() {
        Jdbi jdbi = db.jdbi();
        OffsetDateTime asOf = SMALL.asOf().atStartOfDay().atOffset(ZoneOffset.UTC);
        Map<String, Object> range = jdbi.withHandle(
                h -> h.createQuery("SELECT min(ordered_at) AS first, max(ordered_at) AS last FROM fact_order")
                        .mapToMap()
                        .one());
        OffsetDateTime first =
                ((java.sql.Timestamp) range.get("first")).toInstant().atOffset(ZoneOffset.UTC);
        OffsetDateTime last =
                ((java.sql.Timestamp) range.get("last")).toInstant().atOffset(ZoneOffset.UTC);
        assertTrue(!first.isBefore(asOf.minusDays(SMALL.historyDays())), "first " + first);
        assertTrue(last.isBefore(asOf), "last " + last);
        assertTrue(last.isAfter(asOf.minusDays(30)), "history should reach the as-of date: " + last);
        assertEquals(
                0,
                count(
                        jdbi,
                        "SELECT count(*) FROM fact_order WHERE date_key <> to_char(ordered_at AT TIME ZONE 'UTC', 'YYYYMMDD')::int"));

        long orders = count(jdbi, "SELECT count(*) FROM fact_order");
        long foreign = count(
                jdbi, "SELECT count(*) FROM fact_order o JOIN store s USING (store_id) WHERE o.currency <> s.currency");
        assertTrue(foreign > orders * 0.02 && foreign < orders * 0.12, "foreign-currency orders: " + foreign);
        assertEquals(
                0,
                count(
                        jdbi,
                        "SELECT count(*) FROM fact_order o JOIN store s USING (store_id) WHERE o.currency = s.currency AND o.fx_rate_to_store <> 1"));
        assertEquals(
                0,
                count(
                        jdbi,
                        "SELECT count(*) FROM fact_order o JOIN store s USING (store_id) WHERE o.currency <> s.currency AND o.fx_rate_to_store = 1"));
        // Channels weighted: web first, every channel used.
        assertEquals(
                "web",
                jdbi.withHandle(h -> h.createQuery(
                                "SELECT channel FROM fact_order GROUP BY channel ORDER BY count(*) DESC LIMIT 1")
                        .mapTo(String.class)
                        .one()));
        assertEquals(6, count(jdbi, "SELECT count(DISTINCT channel) FROM fact_order"));
        // Log-normal spend: the mean is well above the median.
        double skew = jdbi.withHandle(h -> h.createQuery(
                        "SELECT avg(amount) / percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM fact_order WHERE kind = 'order'")
                .mapTo(Double.class)
                .one());
        assertTrue(skew > 1.05, "mean/median spend " + skew);
    }

    @Test
    void purchaseFrequencyIsSkewed() {
        Jdbi jdbi = db.jdbi();
        double topDecileShare =
                jdbi.withHandle(h -> h.createQuery("""
                SELECT sum(order_count) FILTER (WHERE decile = 1)::float8 / sum(order_count)
                FROM (SELECT order_count, ntile(10) OVER (ORDER BY order_count DESC, customer_id) AS decile FROM dim_customer) d""").mapTo(Double.class).one());
        assertTrue(topDecileShare > 0.30, "top 10% of customers hold " + topDecileShare + " of orders");
        long oneTime = count(jdbi, "SELECT count(*) FROM dim_customer WHERE order_count = 1");
        assertTrue(oneTime > SMALL.scale().customers() * 0.2, "one-time buyers: " + oneTime);
        assertTrue(count(jdbi, "SELECT max(order_count) FROM dim_customer")
                >= 10 * SMALL.scale().ordersPerCustomer());
    }

    @Test
    void customerTotalsMatchTheirOrders() {
        Jdbi jdbi = db.jdbi();
        assertEquals(SMALL.scale().orders(), count(jdbi, "SELECT sum(order_count) FROM dim_customer"));
        assertEquals(
                0,
                count(
                        jdbi,
                        "SELECT count(*) FROM dim_customer WHERE order_count < 1 OR first_order_at > last_order_at"));
        assertEquals(0, count(jdbi, """
                SELECT count(*) FROM dim_customer c
                JOIN (SELECT customer_id, round(sum(amount * fx_rate_to_store), 2) AS spend, max(ordered_at) FILTER (WHERE kind = 'order') AS last
                      FROM fact_order GROUP BY customer_id) t USING (customer_id)
                WHERE c.total_spend <> t.spend OR c.last_order_at <> t.last"""));
        // New customers continue after the loaded ids.
        long next = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO dim_customer (store_id, external_id) SELECT min(store_id), 'after-load' FROM store RETURNING customer_id")
                .mapTo(Long.class)
                .one());
        assertTrue(next > count(jdbi, "SELECT max(customer_id) FROM dim_customer WHERE external_id <> 'after-load'"));
        jdbi.useHandle(h -> h.execute("DELETE FROM dim_customer WHERE external_id = 'after-load'"));
    }

    @Test
    void sameSeedGivesIdenticalRowsAndAnotherSeedDoesNot() {
        String first = checksum(db.jdbi());
        try (Database again = freshDatabase();
                Database otherSeed = freshDatabase()) {
            new DemoDataGenerator(SMALL, line -> {}).load(again.jdbi());
            new DemoDataGenerator(SMALL.withSeed(SMALL.seed() + 1), line -> {}).load(otherSeed.jdbi());
            assertEquals(first, checksum(again.jdbi()));
            assertNotEquals(first, checksum(otherSeed.jdbi()));
        }
    }

    @Test
    void refusesToLoadTheSameTenantsTwice() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new DemoDataGenerator(SMALL, line -> {}).load(db.jdbi()));
        assertTrue(e.getMessage().contains("fresh database"), e.getMessage());
    }

    @Test
    void customScalesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> DemoDataScale.custom(10, 5, 2.0));
        assertThrows(IllegalArgumentException.class, () -> DemoDataScale.custom(1, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> DemoDataScale.named("huge"));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withAsOf(LocalDate.of(2001, 1, 1)));
        assertEquals(2, DemoDataScale.custom(11, 100, 1.5).tenants());
    }

    private static Database freshDatabase() {
        Database fresh = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_demo"), 2);
        Migrations.migrate(fresh.dataSource());
        return fresh;
    }

    static String checksum(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT md5(string_agg(concat_ws('|', t.slug, s.name, s.currency, c.customer_id, c.external_id, c.email,
                                                c.full_name, c.country, c.signed_up_at, c.total_spend, o.order_id,
                                                o.external_id, o.date_key, o.ordered_at, o.kind, o.amount, o.currency,
                                                o.fx_rate_to_store, o.item_count, o.channel),
                                      ',' ORDER BY o.order_id))
                FROM fact_order o
                JOIN store s ON s.store_id = o.store_id
                JOIN tenant t ON t.tenant_id = s.tenant_id
                JOIN dim_customer c ON c.customer_id = o.customer_id""").mapTo(String.class).one());
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
