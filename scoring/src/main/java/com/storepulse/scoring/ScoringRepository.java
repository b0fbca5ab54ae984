package com.storepulse.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.storepulse.json.Json;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Reads customer histories and writes fits and scores. SQL lives beside this class in
 * resources/com/storepulse/scoring/. A full rescoring loads a new partition of customer_score and
 * swaps it in ({@link StorePartitionLoad}); an incremental one of many customers COPYs into a
 * temporary staging table, then runs one INSERT ... ON CONFLICT and one DELETE of rows the run did
 * not write; one of a few customers binds their rows as parameters ({@link ScoreWrite}).
 */
final class ScoringRepository {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();

    /** A fit as stored, with what the refit rule and incremental scoring need. */
    record StoredState(
            long modelFitId, Instant calibrationEnd, long purchaseDays, ModelFit fit, RfmBreakpoints breakpoints) {}

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(ScoringRepository.class.getPackageName() + "." + n));
    }

    static List<Long> storesWithoutScores(Handle h) {
        return h.createQuery(sql("StoresWithoutScores")).mapTo(Long.class).list();
    }

    static List<Long> storesDueForRescoring(Handle h, Instant before) {
        return h.createQuery(sql("StoresDueForRescoring"))
                .bind("before", utc(before))
                .mapTo(Long.class)
                .list();
    }

    private static String customerFilter(String alias, Collection<Long> ids) {
        return ids == null ? "" : "AND " + alias + ".customer_id = ANY(:ids)";
    }

    static boolean storeExists(Handle h, long storeId) {
        return h.createQuery(sql("StoreExists"))
                .bind("storeId", storeId)
                .mapTo(Boolean.class)
                .one();
    }

    static void beginBatch(Handle h, long storeId) {
        h.createQuery(sql("BeginScoringBatch"))
                .bind("storeId", storeId)
                .mapToMap()
                .one();
    }

    /** Queues the customers for rescoring, in the caller's (the change's) transaction. */
    static void queueCustomers(Handle h, long storeId, Collection<Long> customerIds) {
        h.createUpdate(sql("QueueCustomers"))
                .bind("storeId", storeId)
                .bindArray("customerIds", Long.class, customerIds)
                .execute();
    }

    /**
     * A queued rescoring's first statement (V17's score_queue_take), on {@code h} in a transaction:
     * empty when another writer's batch has rescored {@code own}; else the customers taken off the
     * store's queue (each once; {@code own} among them, at most {@code limit} entries besides),
     * with the store's scoring lock held until the transaction ends.
     */
    static Set<Long> takeQueued(Handle h, long storeId, Collection<Long> own, int limit) {
        Long[] taken = h.createQuery(sql("TakeQueued"))
                .bind("storeId", storeId)
                .bindArray("own", Long.class, own)
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    java.sql.Array array = rs.getArray("taken");
                    return array == null ? new Long[0] : (Long[]) array.getArray();
                })
                .one();
        return new LinkedHashSet<>(Arrays.asList(taken));
    }

    static List<Long> tenantStores(Handle h, long storeId) {
        return h.createQuery(sql("TenantStores"))
                .bind("storeId", storeId)
                .mapTo(Long.class)
                .list();
    }

    /** Histories up to {@code endDay} of the store's live customers, or only of {@code ids} (when not null). */
    static List<CustomerHistory> histories(Handle h, long storeId, LocalDate endDay, Collection<Long> ids) {
        return OrderHistoryReader.read(h, storeId, endDay, ids);
    }

    static long newOrdersSince(Handle h, long storeId, Instant since, Instant asOf) {
        return h.createQuery(sql("NewOrdersSince"))
                .bind("storeId", storeId)
                .bind("since", utc(since))
                .bind("asOf", utc(asOf))
                .mapTo(Long.class)
                .one();
    }

    static Optional<StoredState> currentState(Handle h, long storeId) {
        return h.createQuery(sql("CurrentScoringState"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> {
                    ModelFit fit = new ModelFit(
                            FitStatus.ofCode(rs.getString("status")),
                            rs.getString("note"),
                            rs.getInt("customers"),
                            rs.getInt("repeat_customers"),
                            new BgNbd(
                                    rs.getDouble("bgnbd_r"),
                                    rs.getDouble("bgnbd_alpha"),
                                    rs.getDouble("bgnbd_a"),
                                    rs.getDouble("bgnbd_b")),
                            nullableDouble(rs, "bgnbd_log_likelihood"),
                            new GammaGamma(rs.getDouble("gg_p"), rs.getDouble("gg_q"), rs.getDouble("gg_gamma")),
                            nullableDouble(rs, "gg_log_likelihood"),
                            rs.getDouble("l2_penalty"));
                    RfmBreakpoints breakpoints;
                    try {
                        breakpoints = Json.mapper().readValue(rs.getString("rfm_breakpoints"), RfmBreakpoints.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("unreadable RFM breakpoints for store " + storeId, e);
                    }
                    return new StoredState(
                            rs.getLong("model_fit_id"),
                            rs.getTimestamp("calibration_end").toInstant(),
                            rs.getLong("purchase_days"),
                            fit,
                            breakpoints);
                })
                .findOne();
    }

    static void insertFit(
            Handle h,
            long modelFitId,
            long storeId,
            Instant calibrationEnd,
            ModelFit fit,
            long purchaseDays,
            List<Long> pooledStoreIds) {
        h.createUpdate(sql("InsertModelFit"))
                .bind("modelFitId", modelFitId)
                .bind("storeId", storeId)
                .bind("status", fit.status().code())
                .bind("note", fit.note())
                .bind("calibrationEnd", utc(calibrationEnd))
                .bind("customers", fit.customers())
                .bind("repeatCustomers", fit.repeatCustomers())
                .bind("r", fit.bgNbd().r())
                .bind("alpha", fit.bgNbd().alpha())
                .bind("a", fit.bgNbd().a())
                .bind("b", fit.bgNbd().b())
                .bind("bgnbdLogLikelihood", finiteOrNull(fit.bgNbdLogLikelihood()))
                .bind("p", fit.gammaGamma().p())
                .bind("q", fit.gammaGamma().q())
                .bind("gamma", fit.gammaGamma().gamma())
                .bind("ggLogLikelihood", finiteOrNull(fit.gammaGammaLogLikelihood()))
                .bind("purchaseDays", purchaseDays)
                .bindArray("pooledStoreIds", Long.class, pooledStoreIds == null ? List.of() : pooledStoreIds)
                .bind("l2Penalty", fit.l2Penalty())
                .execute();
    }

    /** Takes the store's scoring lock for the session (a full rescoring spans several transactions). */
    static void lockStore(Handle h, long storeId) {
        h.useTransaction(tx -> tx.createQuery(sql("LockStore"))
                .bind("storeId", storeId)
                .mapToMap()
                .one());
    }

    static void unlockStore(Handle h, long storeId) {
        h.createQuery(sql("UnlockStore"))
                .bind("storeId", storeId)
                .mapTo(Boolean.class)
                .one();
    }

    static long nextModelFitId(Handle h) {
        return h.createQuery(sql("NextModelFitId")).mapTo(Long.class).one();
    }

    /**
     * How an incremental rescoring writes its rows. Both write the same rows (StoreScoringServiceTest
     * compares them column by column); they differ in fixed costs.
     */
    enum ScoreWrite {
        /**
         * COPY into a temporary staging table, then one upsert and one delete: cheap per row, but
         * the table's creation and drop, the COPY and the planning of statements over a new table
         * cost milliseconds whatever the number of rows.
         */
        STAGED,
        /** One parameterised upsert per scored customer (one batch) and one delete: a few customers' way. */
        DIRECT;

        /** Up to this many listed customers, DIRECT (a webhook delivery lists one or two). */
        static final int DIRECT_LIMIT = 64;

        static ScoreWrite forCustomers(int customers) {
            return customers <= DIRECT_LIMIT ? DIRECT : STAGED;
        }
    }

    /**
     * Writes an incremental rescoring at score version {@code version}: retires the given
     * customers' current rows (ScoreVersions), upserts their new rows and removes those of them not
     * scored now (soft-deleted, or left without an order). Returns how many rows were removed. Runs
     * in the caller's transaction.
     */
    static int upsertCustomerScores(
            Handle h,
            ScoreWrite write,
            long storeId,
            long modelFitId,
            Instant scoredAt,
            long version,
            List<CustomerHistory> histories,
            StoreScorer scorer,
            Collection<Long> customers) {
        if (write == ScoreWrite.DIRECT) {
            return writeCustomerScores(h, storeId, modelFitId, scoredAt, version, histories, scorer, customers);
        }
        h.execute(sql("CreateScoreStaging"));
        StorePartitionLoad.copyScores(
                h, "customer_score_staging", "", storeId, modelFitId, scoredAt, version, histories, scorer);
        ScoreVersions.retireCustomers(h, storeId, customers, version);
        h.execute(sql("UpsertScores").replace("<rows>", "SELECT * FROM customer_score_staging"));
        return h.createUpdate(sql("DeleteUnscored"))
                .define("customerFilter", customerFilter("s", customers))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customers)
                .execute();
    }

    /**
     * {@link ScoreWrite#DIRECT}: the rows ScoreCopyEncoder would encode, bound as parameters with
     * the encoder's rounding (money to cents, timestamps to microseconds, the same segments text).
     */
    private static int writeCustomerScores(
            Handle h,
            long storeId,
            long modelFitId,
            Instant scoredAt,
            long version,
            List<CustomerHistory> histories,
            StoreScorer scorer,
            Collection<Long> customers) {
        ScoreVersions.retireCustomers(h, storeId, customers, version);
        List<Long> scored = new ArrayList<>(histories.size());
        if (!histories.isEmpty()) {
            OffsetDateTime scoredAtUtc = utcMicros(scoredAt);
            PreparedBatch batch = h.prepareBatch(sql("UpsertScores").replace("<rows>", sql("ScoreRowValues")));
            for (CustomerHistory c : histories) {
                CustomerScore s = scorer.score(c);
                scored.add(s.customerId());
                batch.bind("customerId", s.customerId())
                        .bind("storeId", storeId)
                        .bind("frequency", s.frequency())
                        .bind("recencyDays", s.recencyDays())
                        .bind("tenureDays", s.tenureDays())
                        .bind("monetaryValue", money(s.monetaryValue()))
                        .bind("totalSpend", money(s.totalSpend()))
                        .bindByType(
                                "lastOrderAt",
                                s.lastOrderAt() == null ? null : utcMicros(s.lastOrderAt()),
                                OffsetDateTime.class)
                        .bind("pAlive", s.probabilityAlive())
                        .bind("churnRisk", s.churnRisk())
                        .bind("expectedPurchases", s.expectedPurchases())
                        .bind("purchasesHorizonDays", s.purchasesHorizonDays())
                        .bind("predictedLtv", money(s.predictedLtv()))
                        .bind("ltvHorizonMonths", s.ltvHorizonMonths())
                        .bind("archetypeId", (short) s.archetype().id())
                        .bind("rScore", (short) s.recencyScore())
                        .bind("fScore", (short) s.frequencyScore())
                        .bind("mScore", (short) s.monetaryScore())
                        .bind("segments", ScoreCopyEncoder.segmentsText(s.segments()))
                        .bind("modelFitId", modelFitId)
                        .bind("scoredAt", scoredAtUtc)
                        .bind("scoreVersion", version)
                        .add();
            }
            batch.execute();
        }
        return h.createUpdate(sql("DeleteListedUnscored"))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customers)
                .bindArray("scored", Long.class, scored)
                .execute();
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(ScoreCopyEncoder.cents(value), 2);
    }

    /** Truncated to microseconds as ScoreCopyEncoder truncates (the driver would round nanoseconds). */
    private static OffsetDateTime utcMicros(Instant instant) {
        return utc(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static void saveState(
            Handle h, long storeId, long modelFitId, RfmBreakpoints breakpoints, Instant asOf, int customersScored) {
        h.createUpdate(sql("UpsertScoringState"))
                .bind("storeId", storeId)
                .bind("modelFitId", modelFitId)
                .bind("rfmBreakpoints", Json.write(breakpoints))
                .bind("asOf", utc(asOf))
                .bind("customersScored", customersScored)
                .execute();
    }

    static int dateKey(LocalDate day) {
        return day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    }

    /** The inverse of {@link #dateKey}: a yyyymmdd key as an epoch day. */
    static long epochDay(int dateKey) {
        return LocalDate.of(dateKey / 10_000, dateKey / 100 % 100, dateKey % 100)
                .toEpochDay();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double nullableDouble(java.sql.ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
