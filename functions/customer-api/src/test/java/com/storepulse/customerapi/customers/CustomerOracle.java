package com.storepulse.customerapi.customers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.storepulse.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * The expected answer of a list query, computed in Java from every live scored customer of a
 * store: filters as predicates, sorts as comparators. Independent of the SQL the API runs.
 */
record CustomerOracle(List<Row> rows) {

    record Row(
            long id,
            String externalId,
            String name,
            BigDecimal ltv,
            double churn,
            String archetype,
            Set<String> segments,
            Instant lastOrderAt,
            BigDecimal totalSpend) {}

    static CustomerOracle load(Jdbi jdbi, long storeId) {
        return new CustomerOracle(jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.customer_id, c.external_id, c.full_name, s.predicted_ltv, s.churn_risk, a.code,
                               s.segments::text AS segments, s.last_order_at, s.total_spend
                        FROM customer_score s JOIN dim_customer c USING (customer_id)
                        JOIN dim_archetype a USING (archetype_id)
                        WHERE s.store_id = :store AND c.deleted_at IS NULL""")
                .bind("store", storeId)
                .map((rs, ctx) -> {
                    OffsetDateTime last = rs.getObject("last_order_at", OffsetDateTime.class);
                    try {
                        return new Row(
                                rs.getLong("customer_id"),
                                rs.getString("external_id"),
                                rs.getString("full_name"),
                                rs.getBigDecimal("predicted_ltv"),
                                rs.getDouble("churn_risk"),
                                rs.getString("code"),
                                Set.copyOf(Json.mapper()
                                        .readValue(rs.getString("segments"), new TypeReference<List<String>>() {})),
                                last == null ? null : last.toInstant(),
                                rs.getBigDecimal("total_spend"));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .list()));
    }

    static Comparator<Row> order(String sort) {
        boolean descending = sort.startsWith("-");
        Comparator<Row> byKey = switch (descending ? sort.substring(1) : sort) {
            case "ltv" -> Comparator.comparing(Row::ltv);
            case "churnRisk" -> Comparator.comparingDouble(Row::churn);
            // never ordered sorts as the oldest
            case "recency" -> Comparator.comparing(Row::lastOrderAt, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "totalSpend" -> Comparator.comparing(Row::totalSpend);
            default -> throw new IllegalArgumentException(sort);
        };
        Comparator<Row> total = byKey.thenComparingLong(Row::id);
        return descending ? total.reversed() : total;
    }

    List<String> expect(Predicate<Row> filter, String sort) {
        return rows.stream()
                .filter(filter)
                .sorted(order(sort))
                .map(Row::externalId)
                .toList();
    }

    static Predicate<Row> prefix(String q) {
        String lower = q.toLowerCase(Locale.ROOT);
        return r -> r.name().toLowerCase(Locale.ROOT).startsWith(lower)
                || r.externalId().toLowerCase(Locale.ROOT).startsWith(lower);
    }
}
