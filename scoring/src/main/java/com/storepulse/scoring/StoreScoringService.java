package com.storepulse.scoring;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.scoring.ScoringRepository.ScoreWrite;
import com.storepulse.stores.StoreRollups;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer other modules call (sync, webhook intake, local stack). Scores are as of a day: the
 * UTC date of {@code asOf} is the end of the calibration period, and orders are counted by their
 * date_key up to and including it.
 *
 * <p>Refit rule: a store's models are fitted anew when asked, when it has no fit yet, when the fit
 * is older than {@link #MAX_FIT_AGE}, when {@code asOf} is before the fit's calibration end, or when
 * the orders dated between the fit's calibration end and {@code asOf} number at least
 * {@link #REFIT_NEW_DATA_SHARE} of the purchase days the fit saw (at least one). An incremental rescoring that finds a refit due
 * rescores the whole store instead, because new parameters change every customer's score.
 */
public final class StoreScoringService {

    private static final Logger LOG = LoggerFactory.getLogger(StoreScoringService.class);

    public static final Duration MAX_FIT_AGE = Duration.ofDays(30);
    public static final double REFIT_NEW_DATA_SHARE = 0.10;

    private final Jdbi jdbi;
    private final CacheInvalidation cacheInvalidation;
    private final ScoringHorizons horizons;
    private final FitOptions fitOptions;
    private final int connections;

    public StoreScoringService(Jdbi jdbi, CacheInvalidation cacheInvalidation) {
        this(jdbi, cacheInvalidation, ScoringHorizons.DEFAULT, FitOptions.defaults());
    }

    public StoreScoringService(
            Jdbi jdbi, CacheInvalidation cacheInvalidation, ScoringHorizons horizons, FitOptions fitOptions) {
        this(jdbi, cacheInvalidation, horizons, fitOptions, 1);
    }

    private StoreScoringService(
            Jdbi jdbi,
            CacheInvalidation cacheInvalidation,
            ScoringHorizons horizons,
            FitOptions fitOptions,
            int connections) {
        this.jdbi = jdbi;
        this.cacheInvalidation = cacheInvalidation;
        this.horizons = horizons;
        this.fitOptions = fitOptions;
        this.connections = connections;
    }

    /**
     * The same service, allowed {@code connections} pooled connections at once in a full
     * rescoring (the index builds of the new partition then run side by side, one per connection).
     * The default, 1, suits a pool of one connection; the pool must hold at least this many.
     */
    public StoreScoringService withConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        return new StoreScoringService(jdbi, cacheInvalidation, horizons, fitOptions, connections);
    }

    /** Scores every store that has customers but no scores yet (after a demo load or an import). */
    public List<ScoringRun> scoreUnscoredStores(Instant asOf) {
        List<Long> stores = jdbi.withHandle(ScoringRepository::storesWithoutScores);
        List<ScoringRun> runs = new ArrayList<>();
        for (long storeId : stores) {
            runs.add(rescoreStore(storeId, asOf));
        }
        return runs;
    }

    /**
     * The stores a daily rescoring should take: live customers, and no whole-store scoring since
     * {@code before} (never scored included). Scores are as of the day they were computed, so
     * without one a day they age: recency, churn risk and the archetypes built on them stand still.
     */
    public List<Long> storesDueForRescoring(Instant before) {
        return jdbi.withHandle(h -> ScoringRepository.storesDueForRescoring(h, before));
    }

    /** Rescores every customer of the store, refitting first when the refit rule says so. */
    public ScoringRun rescoreStore(long storeId, Instant asOf) {
        return rescoreStore(storeId, asOf, false);
    }

    public ScoringRun rescoreStore(long storeId, Instant asOf, boolean forceRefit) {
        long started = System.nanoTime();
        StorePartitionLoad load = new StorePartitionLoad(jdbi, storeId, connections);
        ScoringRun run;
        try (Handle h = jdbi.open()) {
            if (!h.inTransaction(tx -> ScoringRepository.storeExists(tx, storeId))) {
                throw new UnknownStoreException(storeId);
            }
            ScoringRepository.lockStore(h, storeId);
            try {
                run = rescoreLocked(h, load, storeId, asOf, forceRefit);
            } catch (RuntimeException | Error e) {
                load.dropQuietly(h);
                throw e;
            } finally {
                ScoringRepository.unlockStore(h, storeId);
            }
        }
        ScoreVersions.purgeExpired(jdbi, storeId, ScoreVersions.RETENTION);
        cacheInvalidation.storeChanged(storeId);
        return withDuration(run, started);
    }

    /**
     * A full rescoring under the store's lock: read, fit, load the new partition, index it, swap
     * it in. Only the swap's transaction blocks readers, for its few catalog changes.
     */
    private ScoringRun rescoreLocked(
            Handle h, StorePartitionLoad load, long storeId, Instant asOf, boolean forceRefit) {
        LocalDate endDay = endDay(asOf);
        long t0 = System.nanoTime();
        load.create(h);
        record Read(Optional<ScoringRepository.StoredState> state, List<CustomerHistory> histories, boolean refit) {}
        Read read = h.inTransaction(tx -> {
            StorePartitionLoad.bulkSettings(tx);
            Optional<ScoringRepository.StoredState> state = ScoringRepository.currentState(tx, storeId);
            List<CustomerHistory> histories = ScoringRepository.histories(tx, storeId, endDay, null);
            return new Read(
                    state, histories, forceRefit || state.isEmpty() || refitDue(tx, storeId, state.get(), asOf));
        });
        List<CustomerHistory> histories = read.histories();
        long t1 = System.nanoTime();
        // The store's current row count (for scoresRemoved) runs on the connection while the fit
        // and the breakpoints compute in Java; nothing else uses the connection until it is awaited.
        CompletableFuture<Integer> counted = CompletableFuture.supplyAsync(
                () -> load.currentRows(h), task -> Thread.ofVirtual().start(task));
        ModelFit ownFit;
        RfmBreakpoints breakpoints;
        int before;
        try {
            ownFit = read.refit() ? ownFit(histories, endDay) : null;
            breakpoints = StoreScorer.breakpointsOf(histories, endDay.toEpochDay());
        } finally {
            before = counted.join();
        }
        ModelFit fit;
        long fitId;
        Pooling pooling = new Pooling();
        if (read.refit()) {
            fit = ownFit.status() == FitStatus.INSUFFICIENT_DATA
                    ? h.inTransaction(tx -> pooledFit(tx, storeId, histories, endDay, ownFit, pooling))
                    : ownFit;
            fitId = ScoringRepository.nextModelFitId(h);
        } else {
            fit = read.state().get().fit();
            fitId = read.state().get().modelFitId();
        }
        long t2 = System.nanoTime();
        load.copy(h, fitId, asOf, histories, scorer(fit, breakpoints, endDay));
        long t3 = System.nanoTime();
        load.index(h);
        long t4 = System.nanoTime();
        int gone = h.inTransaction(tx -> {
            if (read.refit()) {
                ScoringRepository.insertFit(tx, fitId, storeId, asOf, fit, purchaseDays(histories), pooling.storeIds);
            }
            int deleted = load.swap(tx);
            ScoringRepository.saveState(tx, storeId, fitId, breakpoints, asOf, histories.size() - deleted);
            ScoreVersions.save(tx, storeId, load.version(), true);
            // With the swap, so the summaries never describe other scores than the list shows.
            // It scans the new partition while the swap's locks are held: ~1 s per million customers.
            StoreRollups.refresh(tx, storeId);
            return deleted;
        });
        long t5 = System.nanoTime();
        int scored = histories.size() - gone;
        LOG.info(
                "rescored store {}: {} customers; read {} s, fit {} s, score and COPY {} s, index {} s, swap {} s",
                storeId,
                scored,
                seconds(t1 - t0),
                seconds(t2 - t1),
                seconds(t3 - t2),
                seconds(t4 - t3),
                seconds(t5 - t4));
        return new ScoringRun(
                storeId,
                scored,
                Math.max(0, before - scored),
                fitId,
                fit.status(),
                fit.note(),
                read.refit(),
                true,
                Duration.ZERO);
    }

    /**
     * Rescores only these customers with the store's current fit and RFM breakpoints; customers that
     * were soft-deleted or have no order lose their score row. Falls back to {@link #rescoreStore}
     * when the store has no fit yet or a refit is due. No ids: nothing to do (fit id 0 and no
     * status when the store was never scored).
     */
    public ScoringRun rescoreCustomers(long storeId, Collection<Long> customerIds, Instant asOf) {
        return rescoreIncrementally(storeId, customerIds, asOf, true);
    }

    /**
     * Rescores only these customers with the store's current fit and RFM breakpoints, and never
     * refits (the webhook intake's path: one request must not wait for, nor start, a whole store's
     * rescoring). A refit that is due is left to the next {@link #rescoreStore} (the scheduled
     * scoring); until then the current fit scores the changed customers. A store with no fit yet
     * scores nobody here (fit id 0, no status): its first {@link #rescoreStore} scores it whole.
     */
    public ScoringRun rescoreCustomersWithCurrentFit(long storeId, Collection<Long> customerIds, Instant asOf) {
        return rescoreIncrementally(storeId, customerIds, asOf, false);
    }

    private ScoringRun rescoreIncrementally(
            long storeId, Collection<Long> customerIds, Instant asOf, boolean refitWhenDue) {
        long started = System.nanoTime();
        Set<Long> ids = new LinkedHashSet<>(customerIds);
        ScoreWrite write = ScoreWrite.forCustomers(ids.size());
        ScoringRun run = jdbi.inTransaction(h -> rescoreListed(h, storeId, ids, asOf, refitWhenDue, write));
        if (run == null) {
            return rescoreStore(storeId, asOf, true);
        }
        // One store-wide invalidation drops these customers' details with the aggregates (the
        // detail cache is keyed by the retailer's ids, which this path does not read).
        if (!ids.isEmpty()) {
            ScoreVersions.purgeExpired(jdbi, storeId, ScoreVersions.RETENTION);
            cacheInvalidation.storeChanged(storeId);
        }
        return withDuration(run, started);
    }

    /**
     * An incremental rescoring's transaction, on {@code h} (already in a transaction): the store's
     * scoring lock, the listed customers' rows and rollup shares rewritten with the current fit.
     * Null when the whole store must be rescored instead (no fit yet, or a refit due and allowed).
     */
    ScoringRun rescoreListed(
            Handle h, long storeId, Set<Long> ids, Instant asOf, boolean refitWhenDue, ScoreWrite write) {
        beginBatch(h, storeId);
        return rescoreListedLocked(h, storeId, ids, asOf, refitWhenDue, write);
    }

    /** {@link #rescoreListed} once the store's scoring lock is held. */
    private ScoringRun rescoreListedLocked(
            Handle h, long storeId, Set<Long> ids, Instant asOf, boolean refitWhenDue, ScoreWrite write) {
        LocalDate endDay = endDay(asOf);
        Optional<ScoringRepository.StoredState> state = ScoringRepository.currentState(h, storeId);
        if (ids.isEmpty() || (state.isEmpty() && !refitWhenDue)) {
            return new ScoringRun(
                    storeId,
                    0,
                    0,
                    state.map(ScoringRepository.StoredState::modelFitId).orElse(0L),
                    state.map(st -> st.fit().status()).orElse(null),
                    null,
                    false,
                    false,
                    Duration.ZERO);
        }
        if (state.isEmpty() || (refitWhenDue && refitDue(h, storeId, state.get(), asOf))) {
            return null;
        }
        List<CustomerHistory> histories = ScoringRepository.histories(h, storeId, endDay, ids);
        long version = ScoreVersions.current(h, storeId).scoreVersion() + 1;
        // The rollups follow these customers' rows out and back in: no pass over the store.
        StoreRollups.removeCustomers(h, storeId, ids);
        int removed = ScoringRepository.upsertCustomerScores(
                h,
                write,
                storeId,
                state.get().modelFitId(),
                asOf,
                version,
                histories,
                scorer(state.get().fit(), state.get().breakpoints(), endDay),
                ids);
        ScoreVersions.save(h, storeId, version, false);
        StoreRollups.addCustomers(h, storeId, ids);
        return new ScoringRun(
                storeId,
                histories.size(),
                removed,
                state.get().modelFitId(),
                state.get().fit().status(),
                state.get().fit().note(),
                false,
                false,
                Duration.ZERO);
    }

    /**
     * Queues the customers for {@link #rescoreQueued}, in {@code handle}'s transaction: the one that
     * applies their change, so the queue entry commits (or rolls back) with it.
     */
    public void queueForRescoring(Handle handle, long storeId, Collection<Long> customerIds) {
        if (!customerIds.isEmpty()) {
            ScoringRepository.queueCustomers(handle, storeId, customerIds);
        }
    }

    /**
     * Group commit of incremental rescorings (docs/scoring.md, "Queued rescoring"): returns once
     * the queued {@code customerIds} (queued by {@link #queueForRescoring} in a transaction that
     * has committed) are rescored with the store's current fit, by this call or by another
     * writer's, in this JVM or any other; never refits (as {@link #rescoreCustomersWithCurrentFit}).
     *
     * <p>A batch is one transaction under the store's scoring lock that takes every customer
     * queued for the store (up to {@value #QUEUED_BATCH_LIMIT} entries besides its caller's own)
     * and rescores them. So concurrent writers of one store share batches: the first to find the
     * lock free runs one at once; the others wait for it to end, return if it took their customers,
     * and otherwise run (or wait for) the next, which takes everything queued by then.
     *
     * <p>A batch that fails rolls back: its customers stay queued for the next batch, and the
     * exception propagates. The run returned is this call's batch, or an empty run (no customers
     * scored) when another writer's batch rescored the customers.
     */
    public ScoringRun rescoreQueued(long storeId, Collection<Long> customerIds, Instant asOf) {
        long started = System.nanoTime();
        if (customerIds.isEmpty()) {
            return emptyRun(storeId);
        }
        List<Long> own = List.copyOf(new LinkedHashSet<>(customerIds));
        ScoringRun run = jdbi.inTransaction(h -> {
            Set<Long> taken = ScoringRepository.takeQueued(h, storeId, own, QUEUED_BATCH_LIMIT);
            return taken.isEmpty()
                    ? emptyRun(storeId)
                    : rescoreListedLocked(h, storeId, taken, asOf, false, ScoreWrite.forCustomers(taken.size()));
        });
        if (run.changedScores()) {
            cacheInvalidation.storeChanged(storeId);
            purgeExpiredEvery(storeId);
        }
        return withDuration(run, started);
    }

    /**
     * How often this instance purges a store's expired retired scores after its queued batches
     * (each batch retires its customers' rows; the purge is a transaction of its own, not worth one
     * per batch when batches come every few milliseconds).
     */
    static final Duration QUEUED_PURGE_INTERVAL = Duration.ofSeconds(10);

    /** When each store's next purge is due, by this instance (System.nanoTime); bounded, cleared when full. */
    private final Map<Long, Long> nextPurge = new ConcurrentHashMap<>();

    private void purgeExpiredEvery(long storeId) {
        long now = System.nanoTime();
        Long due = nextPurge.get(storeId);
        if (due != null && now - due < 0) {
            return;
        }
        if (nextPurge.size() >= 10_000) {
            nextPurge.clear();
        }
        nextPurge.put(storeId, now + QUEUED_PURGE_INTERVAL.toNanos());
        ScoreVersions.purgeExpired(jdbi, storeId, ScoreVersions.RETENTION);
    }

    /** Entries a queued batch takes besides its caller's own (bounds one caller's wait). */
    static final int QUEUED_BATCH_LIMIT = 1000;

    private static ScoringRun emptyRun(long storeId) {
        return new ScoringRun(storeId, 0, 0, 0L, null, null, false, false, Duration.ZERO);
    }

    /** The store's live customers' histories as of the UTC day of {@code asOf} (what a full rescoring reads). */
    public List<CustomerHistory> customerHistories(long storeId, Instant asOf) {
        return jdbi.inTransaction(h -> {
            beginBatch(h, storeId);
            return ScoringRepository.histories(h, storeId, endDay(asOf), null);
        });
    }

    private StoreScorer scorer(ModelFit fit, RfmBreakpoints breakpoints, LocalDate endDay) {
        return new StoreScorer(new CustomerPredictor(fit, horizons), breakpoints, endDay.toEpochDay());
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** Which stores a pooled fit used (null when the store's own data sufficed). */
    private static final class Pooling {
        private List<Long> storeIds;
    }

    /** The store's own fit, from its customers alone (no database work: it overlaps the DELETE). */
    private ModelFit ownFit(List<CustomerHistory> histories, LocalDate endDay) {
        return ModelFitter.fit(
                StoreScorer.summaries(histories, endDay.toEpochDay()),
                fitOptions.withFallbackMeanSpend(meanPurchaseValue(histories)));
    }

    /** A fit pooled over the tenant's stores, for a store whose {@code own} fit had too little data. */
    private ModelFit pooledFit(
            Handle h, long storeId, List<CustomerHistory> histories, LocalDate endDay, ModelFit own, Pooling pooling) {
        long endEpochDay = endDay.toEpochDay();
        List<Long> stores = ScoringRepository.tenantStores(h, storeId);
        if (stores.size() < 2) {
            return own.withStatus(
                    FitStatus.INSUFFICIENT_DATA, own.note() + "; the tenant has no other store to pool with");
        }
        List<CustomerHistory> pooled = new ArrayList<>(histories);
        for (long other : stores) {
            if (other != storeId) {
                pooled.addAll(ScoringRepository.histories(h, other, endDay, null));
            }
        }
        ModelFit fit = ModelFitter.fit(
                StoreScorer.summaries(pooled, endEpochDay),
                fitOptions.withFallbackMeanSpend(meanPurchaseValue(pooled)));
        String why = "store has " + histories.size() + " customers (" + own.repeatCustomers()
                + " repeat), too few for its own fit";
        if (fit.status() == FitStatus.INSUFFICIENT_DATA) {
            return own.withStatus(
                    FitStatus.INSUFFICIENT_DATA,
                    own.note() + "; pooled across the tenant's " + stores.size() + " stores (" + pooled.size()
                            + " customers) still too few");
        }
        pooling.storeIds = stores;
        // A pooled fit that did not converge keeps saying so; pooled_store_ids records the pooling.
        FitStatus status = fit.status() == FitStatus.NOT_CONVERGED ? FitStatus.NOT_CONVERGED : FitStatus.POOLED;
        return fit.withStatus(
                status,
                why + "; fitted on " + pooled.size() + " customers pooled across the tenant's " + stores.size()
                        + " stores" + (fit.note() == null ? "" : "; " + fit.note()));
    }

    private boolean refitDue(Handle h, long storeId, ScoringRepository.StoredState state, Instant asOf) {
        if (asOf.isBefore(state.calibrationEnd())
                || Duration.between(state.calibrationEnd(), asOf).compareTo(MAX_FIT_AGE) > 0) {
            return true;
        }
        long threshold = Math.max(1, (long) Math.ceil(REFIT_NEW_DATA_SHARE * state.purchaseDays()));
        return ScoringRepository.newOrdersSince(h, storeId, state.calibrationEnd(), asOf) >= threshold;
    }

    private static void beginBatch(Handle h, long storeId) {
        if (!ScoringRepository.storeExists(h, storeId)) {
            throw new UnknownStoreException(storeId);
        }
        ScoringRepository.beginBatch(h, storeId);
    }

    private static LocalDate endDay(Instant asOf) {
        return LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    }

    private static long purchaseDays(List<CustomerHistory> histories) {
        long total = 0;
        for (CustomerHistory c : histories) {
            total += c.purchaseDays();
        }
        return total;
    }

    private static double meanPurchaseValue(List<CustomerHistory> histories) {
        double spend = 0;
        for (CustomerHistory c : histories) {
            spend += c.totalSpend();
        }
        long days = purchaseDays(histories);
        return days > 0 ? spend / days : Double.NaN;
    }

    private static ScoringRun withDuration(ScoringRun run, long startedNanos) {
        return new ScoringRun(
                run.storeId(),
                run.customersScored(),
                run.scoresRemoved(),
                run.modelFitId(),
                run.fitStatus(),
                run.fitNote(),
                run.refitted(),
                run.wholeStore(),
                Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
