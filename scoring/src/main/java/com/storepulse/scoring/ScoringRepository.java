package com.storepulse.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.storepulse.json.Json;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Reads customer histories and writes fits and scores. SQL lives beside this class in
 * resources/com/storepulse/scoring/. Scores go in bulk. A full rescoring loads a new partition of
 * customer_score and swaps it in ({@link StorePartitionLoad}); an incremental one COPYs into a
 * temporary staging table, then runs one INSERT ... ON CONFLICT and one DELETE of rows the run did
 * not write.
 */
final class ScoringRepository {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    /** A fit as stored, with what the refit rule and incremental scoring need. */
    record StoredState(
            long modelFitId, Instant calibrationEnd, long purchaseDays, ModelFit fit, RfmBreakpoints breakpoints) {}

    private static String sql(String name) {
        return SQL.locate(ScoringRepository.class.getPackageName() + "." + name);
    }

    static List<Long> storesWithoutScores(Handle h) {
        return h.createQuery(sql("StoresWithoutScores")).mapTo(Long.class).list();
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
     * Writes an incremental rescoring at score version {@code version}: retires the given
     * customers' current rows (ScoreVersions), upserts their new rows and removes those of them not
     * scored now (soft-deleted, or left without an order). Returns how many rows were removed. Runs
     * in the caller's transaction.
     */
    static int upsertCustomerScores(
            Handle h,
            long storeId,
            long modelFitId,
            Instant scoredAt,
            long version,
            List<CustomerHistory> histories,
            StoreScorer scorer,
            Collection<Long> customers) {
        h.execute(sql("CreateScoreStaging"));
        StorePartitionLoad.copyScores(
                h, "customer_score_staging", "", storeId, modelFitId, scoredAt, version, histories, scorer);
        ScoreVersions.retireCustomers(h, storeId, customers, version);
        h.execute(sql("UpsertScoresFromStaging"));
        return h.createUpdate(sql("DeleteUnscored"))
                .define("customerFilter", customerFilter("s", customers))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customers)
                .execute();
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
