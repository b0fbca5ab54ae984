package com.storepulse.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.audit.AuditActor;
import com.storepulse.audit.AuditLog;
import com.storepulse.customers.ScoreSnapshot;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Everything StorePulse holds about one customer of one store, as one document (a data subject's
 * access request, docs/privacy.md): the profile, every order and return (those deleted at the
 * source too), the current scores, the score versions still kept for list walks (StorePulse keeps
 * no longer archetype history than that), and the raw webhook events that name the customer
 * ({@link SubjectEvents}). Read in one repeatable-read transaction, so the parts agree. Every
 * export, and every export of a customer the store does not hold, is recorded in the audit log
 * before the document is handed out (the customer named by their keyed hash); a record that
 * cannot be written fails the export.
 */
public final class CustomerExport {

    /** The document. {@code scores} is null for a customer not scored (written as null). */
    public record Export(
            long storeId,
            String customerId,
            Instant exportedAt,
            Profile profile,
            List<Order> orders,
            @JsonInclude(JsonInclude.Include.ALWAYS) Score scores,
            List<Score> scoreHistory,
            List<WebhookEvent> webhookEvents) {}

    /** The customer row; {@code deletedAt} set when the retailer deleted them (soft delete). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Profile(
            String name,
            String firstName,
            String lastName,
            String email,
            String country,
            Instant signedUpAt,
            Instant firstOrderAt,
            Instant lastOrderAt,
            int orderCount,
            BigDecimal totalSpend,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt) {}

    public record Order(
            String orderId,
            Instant orderedAt,
            String kind,
            BigDecimal amount,
            String currency,
            BigDecimal fxRateToStore,
            int itemCount,
            String channel,
            Instant createdAt,
            Instant updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant deletedAt) {}

    /** A score version: the current one, or one replaced at {@code retiredAt} (kept up to 70 minutes). */
    public record Score(
            BigDecimal predictedLtv,
            int ltvHorizonMonths,
            double churnRisk,
            double pAlive,
            double expectedPurchases,
            int purchasesHorizonDays,
            String archetype,
            Rfm rfm,
            List<String> segments,
            Instant scoredAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant retiredAt) {}

    public record Rfm(int r, int f, int m, int frequency, double recencyDays, BigDecimal monetaryValue) {}

    /** A raw webhook event as received: its body (JSON) and the headers kept with it. */
    public record WebhookEvent(
            String source,
            String eventId,
            String type,
            Instant receivedAt,
            Instant sentAt,
            String status,
            JsonNode headers,
            JsonNode body) {}

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final SubjectHashes hashes;

    /** @param hashes names the customer in the audit record (SUPPRESSION_HASH_KEY) */
    public CustomerExport(Jdbi jdbi, SubjectHashes hashes) {
        this.jdbi = jdbi;
        this.hashes = hashes;
    }

    /**
     * The document for customer {@code externalId} (the retailer's id), or empty when the store
     * holds no such customer; {@code actor}'s request is recorded either way.
     */
    public Optional<Export> export(long storeId, String externalId, AuditActor actor) {
        String subject = hashes.allHex(storeId, externalId)[0];
        Optional<Export> export = read(storeId, externalId);
        jdbi.useHandle(h -> AuditLog.record(
                h,
                actor,
                null,
                storeId,
                AuditLog.CUSTOMER_EXPORT,
                Map.of("subject", subject),
                export.isPresent() ? "exported" : "not held"));
        return export;
    }

    private Optional<Export> read(long storeId, String externalId) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET TRANSACTION READ ONLY");
            Optional<Row> row = h.createQuery(sql("profile"))
                    .bind("storeId", storeId)
                    .bind("externalId", externalId)
                    .map((rs, ctx) -> new Row(rs.getLong("customer_id"), profile(rs)))
                    .findOne();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            long customerId = row.get().customerId();
            List<Order> orders = h.createQuery(sql("orders"))
                    .bind("storeId", storeId)
                    .bind("customerId", customerId)
                    .map((rs, ctx) -> order(rs))
                    .list();
            Score current = h.createQuery(sql("score"))
                    .bind("storeId", storeId)
                    .bind("customerId", customerId)
                    .map((rs, ctx) -> score(rs))
                    .findOne()
                    .orElse(null);
            List<Score> history = new ArrayList<>(h.createQuery(sql("retiredScores"))
                    .bind("storeId", storeId)
                    .bind("customerId", customerId)
                    .map((rs, ctx) -> score(rs))
                    .list());
            history.addAll(keptPartitionScores(h, storeId, customerId));
            List<WebhookEvent> events = SubjectEvents.naming(
                            h,
                            storeId,
                            externalId,
                            row.get().profile().email() == null
                                    ? List.of()
                                    : List.of(row.get().profile().email()))
                    .stream()
                    .map(e -> new WebhookEvent(
                            e.source(),
                            e.eventId(),
                            e.type(),
                            e.receivedAt(),
                            e.sentAt(),
                            e.status(),
                            e.headers(),
                            e.body()))
                    .toList();
            Instant now = h.createQuery("SELECT now()")
                    .mapTo(OffsetDateTime.class)
                    .one()
                    .toInstant();
            return Optional.of(
                    new Export(storeId, externalId, now, row.get().profile(), orders, current, history, events));
        });
    }

    private record Row(long customerId, Profile profile) {}

    /** The versions a full rescoring replaced, in the store's kept former partitions (V10). */
    private static List<Score> keptPartitionScores(Handle h, long storeId, long customerId) {
        List<Score> scores = new ArrayList<>();
        List<Long> versions = h.createQuery(sql("keptPartitions"))
                .bind("storeId", storeId)
                .mapTo(Long.class)
                .list();
        for (long version : versions) {
            // the name is made of two numbers, never of caller text
            h.createQuery(sql("keptPartitionScore"))
                    .define("partition", ScoreSnapshot.keptPartition(storeId, version))
                    .bind("storeId", storeId)
                    .bind("retiredVersion", version)
                    .bind("customerId", customerId)
                    .map((rs, ctx) -> score(rs))
                    .forEach(scores::add);
        }
        return scores;
    }

    private static Profile profile(ResultSet rs) throws SQLException {
        String name = rs.getString("full_name");
        return new Profile(
                name == null || name.isEmpty() ? null : name,
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("email"),
                rs.getString("country"),
                instant(rs, "signed_up_at"),
                instant(rs, "first_order_at"),
                instant(rs, "last_order_at"),
                rs.getInt("order_count"),
                rs.getBigDecimal("total_spend"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "deleted_at"));
    }

    private static Order order(ResultSet rs) throws SQLException {
        return new Order(
                rs.getString("external_id"),
                instant(rs, "ordered_at"),
                rs.getString("kind"),
                rs.getBigDecimal("amount"),
                rs.getString("currency"),
                rs.getBigDecimal("fx_rate_to_store"),
                rs.getInt("item_count"),
                rs.getString("channel"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "deleted_at"));
    }

    private static Score score(ResultSet rs) throws SQLException {
        List<String> segments;
        try {
            segments = Json.mapper().readValue(rs.getString("segments"), STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("customer_score.segments is not a JSON array", e);
        }
        return new Score(
                rs.getBigDecimal("predicted_ltv"),
                rs.getInt("ltv_horizon_months"),
                rs.getDouble("churn_risk"),
                rs.getDouble("p_alive"),
                rs.getDouble("expected_purchases"),
                rs.getInt("purchases_horizon_days"),
                rs.getString("archetype"),
                new Rfm(
                        rs.getInt("r_score"),
                        rs.getInt("f_score"),
                        rs.getInt("m_score"),
                        rs.getInt("frequency"),
                        rs.getDouble("recency_days"),
                        rs.getBigDecimal("monetary_value")),
                segments,
                instant(rs, "scored_at"),
                instant(rs, "retired_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String sql(String name) {
        return SQL.locate(CustomerExport.class, name);
    }
}
