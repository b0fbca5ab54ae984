package com.storepulse.privacy;

import com.storepulse.audit.AuditActor;
import com.storepulse.audit.AuditLog;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.customers.ScoreSnapshot;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.stores.StoreRollups;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one customer of one store (docs/privacy.md): in one transaction, their row keeps only
 * what the store's figures need (it becomes anonymous: no name, e-mail, country or sign-up date, a
 * random {@code erased:} id, soft-deleted), their scores leave {@code customer_score}, the retired
 * score versions and the store's rollups, the raw webhook events that name them are deleted, a sync
 * cursor or run message that holds their id forgets it, and a suppression entry is written so that
 * neither the webhooks nor the sync bring them back ({@link Suppressions}). Their orders stay,
 * attached to the anonymous row, so the store's order figures do not change. After the commit their
 * cached detail and the store's cached aggregates are dropped.
 *
 * <p>Idempotent: the request is keyed by the store and the {@link SubjectHashes keyed hash} of the
 * retailer's id, so asking again answers the first request. Its {@code completedAt} is written in
 * the erasing transaction as the time by which every cached copy has expired at the latest, and
 * moved back to now once the cache confirms the deletion (a later request for the same customer
 * tries the cache again).
 *
 * <p>Locks: the store's scoring lock (it writes {@code customer_score}, as the scorer does: the key
 * of scoring's {@code BeginScoringBatch.sql}) and then the store's ingest lock, exclusively, so no
 * webhook or sync batch of the store is half way through while it erases.
 */
public final class CustomerErasure {

    /** An erasure request as stored; {@code completed} compares {@code completedAt} with the database's clock. */
    public record Erasure(
            UUID erasureId,
            long storeId,
            Instant requestedAt,
            Instant completedAt,
            boolean completed,
            boolean customerFound,
            int ordersKept,
            int scoreRowsDeleted,
            int webhookEventsDeleted) {}

    /** The request, and whether this call made it (false: the customer was erased before). */
    public record Outcome(Erasure erasure, boolean created) {}

    private record CustomerRow(long customerId, String email) {}

    private static final Logger LOG = LoggerFactory.getLogger(CustomerErasure.class);
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    /** PostgreSQL's lock_not_available: the store's locks were not granted within the erasure's lock timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Jdbi jdbi;
    private final SubjectHashes hashes;
    private final CacheInvalidation cache;
    private final Duration cachedCopiesExpireWithin;
    private final MetricsRecorder metrics;

    /**
     * @param cachedCopiesExpireWithin the longest a cached customer detail lives
     *     ({@code CUSTOMER_CACHE_TTL}): the completion time when the cache does not confirm
     */
    public CustomerErasure(
            Jdbi jdbi,
            SubjectHashes hashes,
            CacheInvalidation cache,
            Duration cachedCopiesExpireWithin,
            MetricsRecorder metrics) {
        this.jdbi = jdbi;
        this.hashes = hashes;
        this.cache = cache;
        this.cachedCopiesExpireWithin = cachedCopiesExpireWithin;
        this.metrics = metrics;
    }

    /**
     * Erases customer {@code externalId} (the retailer's id) of store {@code storeId}, or answers the
     * request that erased them before; either way {@code actor}'s request is recorded in the audit
     * log, in the same transaction.
     */
    public Outcome erase(long storeId, String externalId, AuditActor actor) {
        String[] subjects = hashes.allHex(storeId, externalId); // no key: refused before anything is written
        Outcome outcome;
        try {
            outcome = jdbi.inTransaction(h -> {
                Outcome done = eraseLocked(h, storeId, externalId, subjects, actor.apiKeyId());
                AuditLog.record(
                        h,
                        actor,
                        null,
                        storeId,
                        AuditLog.CUSTOMER_ERASE,
                        Map.of("erasureId", done.erasure().erasureId().toString(), "subject", subjects[0]),
                        done.created() ? "erased" : "erased before");
                return done;
            });
        } catch (JdbiException e) {
            if (sqlState(e).equals(LOCK_NOT_AVAILABLE)) {
                throw new DependencyUnavailableException(
                        DependencyUnavailableException.Dependency.DATABASE,
                        "The store is being rescored; ask again in a few seconds",
                        e);
            }
            throw e;
        }
        Erasure erasure = outcome.erasure();
        if (outcome.created()) {
            metrics.count(MetricNames.CUSTOMER_ERASED);
            LOG.info(
                    "store {}: erasure {} committed (customer found: {}, {} score row(s) and {} webhook event(s)"
                            + " deleted, {} order(s) kept anonymous)",
                    storeId,
                    erasure.erasureId(),
                    erasure.customerFound(),
                    erasure.scoreRowsDeleted(),
                    erasure.webhookEventsDeleted(),
                    erasure.ordersKept());
        }
        if (!erasure.completed() && cache.customerChangedConfirmed(storeId, externalId)) {
            UUID erasureId = erasure.erasureId();
            erasure = jdbi.withHandle(h -> h.createQuery(sql("complete"))
                    .bind("erasureId", erasureId)
                    .bind("storeId", storeId)
                    .map((rs, ctx) -> erasure(rs))
                    .one());
        }
        return new Outcome(erasure, outcome.created());
    }

    /** The store's erasure request {@code erasureId}, if it has one by that id. */
    public Optional<Erasure> find(long storeId, UUID erasureId) {
        return jdbi.withHandle(h -> h.createQuery(sql("find"))
                .bind("storeId", storeId)
                .bind("erasureId", erasureId)
                .map((rs, ctx) -> erasure(rs))
                .findOne());
    }

    private Outcome eraseLocked(Handle h, long storeId, String externalId, String[] subjects, Long requestedBy) {
        h.createQuery(sql("lockStore")).bind("storeId", storeId).mapToMap().one();
        h.createQuery(sql("lockIngest")).bind("storeId", storeId).mapToMap().one();
        Optional<Erasure> before = h.createQuery(sql("findBySubject"))
                .bind("storeId", storeId)
                .bindArray("subjects", String.class, (Object[]) subjects)
                .map((rs, ctx) -> erasure(rs))
                .findOne();
        if (before.isPresent()) {
            return new Outcome(before.get(), false);
        }
        Optional<CustomerRow> customer = h.createQuery(sql("lockCustomer"))
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .map((rs, ctx) -> new CustomerRow(rs.getLong("customer_id"), rs.getString("email")))
                .findOne();
        int ordersKept = 0;
        int scoreRows = 0;
        List<String> emails = new ArrayList<>();
        if (customer.isPresent()) {
            long customerId = customer.get().customerId();
            if (customer.get().email() != null) {
                emails.add(customer.get().email());
            }
            scoreRows = deleteScores(h, storeId, customerId);
            ordersKept = h.createQuery(sql("countOrders"))
                    .bind("storeId", storeId)
                    .bind("customerId", customerId)
                    .mapTo(Integer.class)
                    .one();
            h.createUpdate(sql("anonymizeCustomer"))
                    .bind("storeId", storeId)
                    .bind("customerId", customerId)
                    .bind("token", "erased:" + token())
                    .execute();
        }
        List<Long> events = SubjectEvents.naming(h, storeId, externalId, emails).stream()
                .map(SubjectEvents.StoredEvent::id)
                .toList();
        if (!events.isEmpty()) {
            h.createUpdate(sql("deleteEvents"))
                    .bind("storeId", storeId)
                    .bindArray("ids", Long.class, events)
                    .execute();
        }
        h.createUpdate(sql("forgetSyncCursorKey"))
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .execute();
        String rowName = "customers[" + externalId + "]";
        h.createUpdate(sql("redactSyncRunErrors"))
                .bind("storeId", storeId)
                .bind("rowName", rowName)
                .execute();
        h.createUpdate(sql("redactAlertHistory")).bind("rowName", rowName).execute();
        UUID erasureId = UUID.randomUUID();
        Erasure erasure = h.createQuery(sql("insertErasure"))
                .bind("erasureId", erasureId)
                .bind("storeId", storeId)
                .bind("subjectHash", subjects[0])
                .bind("requestedBy", requestedBy)
                .bind("cacheExpiry", cachedCopiesExpireWithin.toMillis() + " milliseconds")
                .bind("customerFound", customer.isPresent())
                .bind("ordersKept", ordersKept)
                .bind("scoreRows", scoreRows)
                .bind("events", events.size())
                .map((rs, ctx) -> erasure(rs))
                .one();
        h.createUpdate(sql("insertSuppression"))
                .bind("storeId", storeId)
                .bind("subjectHash", subjects[0])
                .bind("keyId", hashes.currentKeyId())
                .bind("erasureId", erasureId)
                .execute();
        return new Outcome(erasure, true);
    }

    /**
     * The customer's current score leaves the store's rollups and customer_score; their retired
     * versions (kept for list walks) go too, in customer_score_retired and in every kept partition.
     */
    private static int deleteScores(Handle h, long storeId, long customerId) {
        StoreRollups.removeCustomers(h, storeId, List.of(customerId));
        int rows = h.createUpdate(sql("deleteScore"))
                .bind("storeId", storeId)
                .bind("customerId", customerId)
                .execute();
        rows += h.createUpdate(sql("deleteRetiredScores"))
                .bind("storeId", storeId)
                .bind("customerId", customerId)
                .execute();
        List<Long> kept = h.createQuery(sql("keptPartitions"))
                .bind("storeId", storeId)
                .mapTo(Long.class)
                .list();
        for (long retiredVersion : kept) {
            // the name is made of two numbers, never of caller text
            rows += h.createUpdate(sql("deleteFromKeptPartition"))
                    .define("partition", ScoreSnapshot.keptPartition(storeId, retiredVersion))
                    .bind("customerId", customerId)
                    .execute();
        }
        return rows;
    }

    private static Erasure erasure(java.sql.ResultSet rs) throws SQLException {
        return new Erasure(
                rs.getObject("erasure_id", UUID.class),
                rs.getLong("store_id"),
                rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                rs.getObject("completed_at", OffsetDateTime.class).toInstant(),
                rs.getBoolean("completed"),
                rs.getBoolean("customer_found"),
                rs.getInt("orders_kept"),
                rs.getInt("score_rows_deleted"),
                rs.getInt("webhook_events_deleted"));
    }

    /** 20 characters of base32 (100 bits): the anonymous row's id, unique and linked to nothing. */
    private static String token() {
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return out.toString();
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    private static String sql(String name) {
        return SQL.locate(CustomerErasure.class, name);
    }
}
