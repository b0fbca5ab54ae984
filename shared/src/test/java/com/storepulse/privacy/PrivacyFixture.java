package com.storepulse.privacy;

import com.storepulse.auth.AccessFixtures;
import com.storepulse.db.Database;
import com.storepulse.stores.StoreRollups;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * A store with customers who have orders, scores (rows written as the scorer writes them, rollups
 * rebuilt from them) and raw webhook events, on the shared test database; names and ids are
 * unique per fixture, so a search for them finds only this fixture's rows.
 */
final class PrivacyFixture {

    static final SubjectHashes HASHES = SubjectHashes.ofKeys(Base64.getDecoder().decode(SubjectHashes.newKey()));

    /** One customer as the retailer knows them. */
    record Person(String id, String email, String firstName, String lastName) {
        List<String> clearText() {
            return List.of(id, email, firstName, lastName);
        }
    }

    final Database database;
    final long tenantId;
    final long storeId;
    final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    PrivacyFixture(Database database) {
        this.database = database;
        AccessFixtures access = new AccessFixtures(database);
        tenantId = access.tenant();
        storeId = access.store(tenantId);
    }

    /** A tenant key of the store's tenant, as the erasure's audit record names it. */
    com.storepulse.audit.AuditActor actor() {
        return com.storepulse.audit.AuditActor.apiKey(42, "sp_live_fixture0", tenantId, "192.0.2.7");
    }

    Person person(String name) {
        return new Person(
                "cus-" + name + "-" + tag,
                name + "." + tag + "@example.com",
                "First" + name + tag,
                "Last" + name + tag);
    }

    /** The customer, {@code orders} orders of 10.00, 20.00, ... and a score row; returns the internal id. */
    long customer(Person person, int orders) {
        return database.jdbi().inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO dim_customer (store_id, external_id, email, first_name, last_name, country, signed_up_at)
                            VALUES (:s, :e, :email, :first, :last, 'DE', now() - interval '400 days')
                            RETURNING customer_id""")
                    .bind("s", storeId)
                    .bind("e", person.id())
                    .bind("email", person.email())
                    .bind("first", person.firstName())
                    .bind("last", person.lastName())
                    .mapTo(Long.class)
                    .one();
            for (int i = 1; i <= orders; i++) {
                h.createUpdate("""
                                INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
                                VALUES (:s, :o, :c, 20250301 + :i, timestamptz '2025-03-01 10:00Z' + :i * interval '1 day',
                                        :amount, 'USD')""")
                        .bind("s", storeId)
                        .bind("o", "ord-" + UUID.randomUUID())
                        .bind("c", id)
                        .bind("i", i)
                        .bind("amount", BigDecimal.valueOf(10L * i))
                        .execute();
            }
            h.createUpdate("""
                            UPDATE dim_customer c
                            SET order_count = o.n, total_spend = o.total, first_order_at = o.first, last_order_at = o.last
                            FROM (SELECT count(*) AS n, coalesce(sum(amount), 0) AS total, min(ordered_at) AS first,
                                         max(ordered_at) AS last
                                  FROM fact_order WHERE customer_id = :c) o
                            WHERE c.customer_id = :c""").bind("c", id).execute();
            score(h, id, orders);
            StoreRollups.refresh(h, storeId);
            return id;
        });
    }

    private void score(Handle h, long customerId, int orders) {
        h.createUpdate("""
                        INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                            total_spend, last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                            predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments, scored_at)
                        VALUES (:c, :s, :f, 30, 200, 15, :spend, timestamptz '2025-03-01 10:00Z' + :f * interval '1 day',
                                :alive, 1 - :alive, 0.5, 365, :ltv, 12, :archetype, 3, 3, 3, '["repeat_buyer"]', now())""")
                .bind("c", customerId)
                .bind("s", storeId)
                .bind("f", orders)
                .bind("spend", BigDecimal.valueOf(5L * orders * (orders + 1)))
                .bind("alive", orders % 2 == 0 ? 0.8 : 0.25)
                .bind("ltv", BigDecimal.valueOf(100L * orders))
                .bind("archetype", orders % 2 == 0 ? 2 : 8)
                .execute();
    }

    /** A raw webhook event as the intake keeps it. */
    void event(String eventId, String type, String body) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("""
                                INSERT INTO webhook_event (store_id, source, external_event_id, event_type, status, body, outcome)
                                VALUES (:s, 'src-fixture', :id, :type, 'applied', :body, '{"status": "applied"}')""")
                        .bind("s", storeId)
                        .bind("id", eventId)
                        .bind("type", type)
                        .bind("body", body)
                        .execute());
    }

    static String customerCreated(Person p) {
        return "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"data\":{\"id\":\"" + p.id()
                + "\",\"email\":\"" + p.email() + "\",\"firstName\":\"" + p.firstName() + "\",\"lastName\":\""
                + p.lastName() + "\",\"updatedAt\":\"2026-05-01T11:59:00Z\"}}";
    }

    static String orderCreated(Person p, String orderId) {
        return "{\"type\":\"order.created\",\"timestamp\":\"2026-05-01T12:01:00Z\",\"data\":{\"id\":\"" + orderId
                + "\",\"customerId\":\"" + p.id()
                + "\",\"orderedAt\":\"2026-05-01T12:00:30Z\",\"totalAmount\":\"59.90\","
                + "\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"2026-05-01T12:00:30Z\"}}";
    }

    long count(String sql) {
        return database.jdbi()
                .withHandle(h ->
                        h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }

    BigDecimal sum(String sql) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(sql)
                        .bind("s", storeId)
                        .mapTo(BigDecimal.class)
                        .one());
    }

    /** The store's rollup rows as stored, and as a rebuild from the current scores would write them. */
    List<List<Map<String, Object>>> rollupAsStoredAndRebuilt() {
        return database.jdbi().withHandle(h -> {
            String read = "SELECT archetype_id, churn_decile, customers, total_ltv, at_risk_customers, at_risk_ltv"
                    + " FROM store_score_rollup WHERE store_id = :s ORDER BY archetype_id, churn_decile";
            String days = "SELECT last_order_day, customers FROM store_last_order_rollup WHERE store_id = :s"
                    + " ORDER BY last_order_day";
            List<Map<String, Object>> stored =
                    h.createQuery(read).bind("s", storeId).mapToMap().list();
            List<Map<String, Object>> storedDays =
                    h.createQuery(days).bind("s", storeId).mapToMap().list();
            h.begin();
            StoreRollups.refresh(h, storeId);
            List<Map<String, Object>> rebuilt =
                    h.createQuery(read).bind("s", storeId).mapToMap().list();
            List<Map<String, Object>> rebuiltDays =
                    h.createQuery(days).bind("s", storeId).mapToMap().list();
            h.rollback();
            return List.of(stored, rebuilt, storedDays, rebuiltDays);
        });
    }
}
