package com.storepulse.sync;

import com.storepulse.errors.ValidationException;
import com.storepulse.ingest.AfterApply;
import com.storepulse.ingest.BulkApplied;
import com.storepulse.ingest.BulkApplier;
import com.storepulse.ingest.StagingCopy;
import com.storepulse.privacy.Suppressions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source once (docs/sync.md). Under a PostgreSQL advisory lock per source, it marks any
 * {@code running} ledger row the lock's previous holder left behind as abandoned, then for each
 * source table reads the rows after the committed cursor in (cursor, primary key) order, streaming,
 * and a batch at a time COPYs them into a staging table, applies them with one upsert and advances
 * the cursor and the run's progress in the same transaction. A crash at any point loses nothing
 * (the cursor is where the last commit left it) and duplicates nothing (the upsert is keyed, and a
 * replayed batch writes nothing). The deadline is checked between batches. Deleted rows come
 * through the soft-delete column and, when due, a key reconciliation done a chunk at a time.
 * {@link AfterApply} gets the changed customers after their batches commit.
 *
 * <p>Thread-safe; one instance serves every source.
 */
public final class SourceSync {

    /** Rows per committed batch unless told otherwise. */
    public static final int DEFAULT_BATCH_ROWS = 10_000;

    /** Changed customers held before {@link AfterApply} is called mid-run (bounds the memory a full run uses). */
    static final int AFTER_APPLY_CHUNK = 50_000;

    /** How often a table's keys are compared with the source's (a FULL run always compares). */
    public static final Duration RECONCILE_EVERY = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(SourceSync.class);

    private final Jdbi jdbi;
    private final SyncSources sources;
    private final SourceConnections connections;
    private final AfterApply afterApply;
    private final Suppressions suppressions;
    private final Clock clock;
    private final int batchRows;
    private final SyncLedger ledger = new SyncLedger();
    private final BulkApplier applier = new BulkApplier();

    public SourceSync(
            Jdbi jdbi, SyncSources sources, SourceConnections connections, AfterApply afterApply, Clock clock) {
        this(jdbi, sources, connections, afterApply, clock, DEFAULT_BATCH_ROWS);
    }

    /** With a batch size of its own (tests use small batches to cut a run in many commits). */
    public SourceSync(
            Jdbi jdbi,
            SyncSources sources,
            SourceConnections connections,
            AfterApply afterApply,
            Clock clock,
            int batchRows) {
        this(jdbi, sources, connections, afterApply, Suppressions.unkeyed(), clock, batchRows);
    }

    /**
     * @param suppressions what skips the rows of customers erased from the store (an unkeyed one
     *     fails closed on a store with erasures)
     */
    public SourceSync(
            Jdbi jdbi,
            SyncSources sources,
            SourceConnections connections,
            AfterApply afterApply,
            Suppressions suppressions,
            Clock clock,
            int batchRows) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        this.jdbi = jdbi;
        this.sources = sources;
        this.connections = connections;
        this.afterApply = afterApply;
        this.suppressions = suppressions;
        this.clock = clock;
        this.batchRows = batchRows;
    }

    /**
     * Runs the source until it is caught up or the deadline comes. Never throws for a failing
     * source: the failure is recorded and returned as {@link SyncOutcome.Status#FAILED}.
     */
    public SyncOutcome run(long sourceId, SyncMode mode, SyncDeadline deadline) {
        Instant started = clock.instant();
        Optional<SyncSource> found = sources.active(sourceId);
        if (found.isEmpty()) {
            return SyncOutcome.notRun(sourceId, SyncOutcome.Status.SOURCE_NOT_ACTIVE);
        }
        SyncSource source = found.get();
        try (Handle handle = jdbi.open()) {
            if (!ledger.tryLock(handle, sourceId)) {
                return SyncOutcome.notRun(sourceId, SyncOutcome.Status.ALREADY_RUNNING);
            }
            try {
                return runLocked(handle, source, mode, deadline, started);
            } finally {
                unlockQuietly(handle, sourceId);
            }
        }
    }

    private SyncOutcome runLocked(
            Handle handle, SyncSource source, SyncMode mode, SyncDeadline deadline, Instant started) {
        long runId = handle.inTransaction(h -> {
            int abandoned = ledger.abandonRunning(h, source.id());
            if (abandoned > 0) {
                LOG.warn(
                        "sync source {}: marked {} dead run(s) abandoned; resuming from the committed cursor",
                        source.id(),
                        abandoned);
            }
            if (mode == SyncMode.FULL) {
                ledger.resetCursors(h, source.id());
            }
            return ledger.startRun(h, source.id(), source.storeId(), mode, clock.instant());
        });
        Run run = new Run(handle, source, runId, deadline);
        SyncOutcome.Status status;
        String error = null;
        try {
            status = run.execute();
        } catch (Exception e) {
            status = SyncOutcome.Status.FAILED;
            error = failureMessage(e);
            LOG.warn("sync source {} run {} failed: {}", source.id(), runId, error);
            rollbackQuietly(handle);
            run.handOnCommitted();
        }
        Instant finished = clock.instant();
        SyncOutcome.Status recorded = status;
        String recordedError = error;
        Optional<Instant> newest =
                handle.inTransaction(h -> ledger.finishRun(h, runId, ledgerStatus(recorded), recordedError, finished));
        List<SyncOutcome.TableCounts> counts = ledger.tableCounts(handle, runId);
        return new SyncOutcome(
                runId,
                source.id(),
                status,
                counts,
                Duration.between(started, finished),
                newest.map(n -> Duration.between(n, finished)),
                Optional.ofNullable(error));
    }

    /** One run's state: the source connection, the customers changed and not yet handed on. */
    private final class Run {

        private final Handle handle;
        private final SyncSource source;
        private final long runId;
        private final SyncDeadline deadline;
        private final SourceReader reader;
        private final Map<Long, String> changed = new HashMap<>();
        /** Source statements time out with the run's time (0: none), so a hung source cannot outlive it. */
        private final int timeoutSeconds;

        private long longestBatchMillis;

        Run(Handle handle, SyncSource source, long runId, SyncDeadline deadline) {
            this.handle = handle;
            this.source = source;
            this.runId = runId;
            this.deadline = deadline;
            long remaining = deadline.remainingMillis();
            this.timeoutSeconds = remaining >= Integer.MAX_VALUE * 1000L ? 0 : (int) Math.max(1, remaining / 1000);
            this.reader = new SourceReader(
                    source.dialect(), SyncMapping.of(source.mapping(), source.dialect()), source.cursor());
        }

        SyncOutcome.Status execute() throws SQLException {
            try (Connection connection = connections.open(sources.login(source))) {
                connection.setReadOnly(true);
                for (SyncTable table : SyncTable.values()) {
                    if (!readTable(connection, table)) {
                        handOn();
                        return SyncOutcome.Status.STOPPED_FOR_TIME;
                    }
                }
                for (SyncTable table : SyncTable.values()) {
                    if (!reconcileIfDue(connection, table)) {
                        handOn();
                        return SyncOutcome.Status.STOPPED_FOR_TIME;
                    }
                }
            }
            handOn();
            return SyncOutcome.Status.COMPLETED;
        }

        /** Reads and applies the table's rows after its cursor; false when the deadline stopped it. */
        private boolean readTable(Connection connection, SyncTable table) throws SQLException {
            Optional<SyncCursor> cursor = ledger.cursor(handle, source.id(), table);
            try (SourceReader.Rows rows = reader.open(connection, table, cursor, fetchSize(), timeoutSeconds)) {
                boolean more = rows.next();
                while (more) {
                    if (outOfTime()) {
                        return false;
                    }
                    long batchStart = System.nanoTime();
                    boolean[] next = {more};
                    BulkApplied applied = handle.inTransaction(h -> applyBatch(h, table, rows, next));
                    more = next[0];
                    longestBatchMillis = Math.max(longestBatchMillis, (System.nanoTime() - batchStart) / 1_000_000);
                    collect(applied.changedCustomers());
                }
            }
            if (cursor.isEmpty() && ledger.cursor(handle, source.id(), table).isEmpty()) {
                // An empty table: record it as compared, so a later first row does not start a reconciliation.
                handle.useTransaction(h -> ledger.markReconciled(h, source.id(), table, clock.instant()));
            }
            return true;
        }

        /**
         * Streams up to a batch of rows into staging, applies them, moves the cursor; one
         * transaction. Rows of (or naming) an erased customer are skipped before staging
         * ({@link Suppressions}); the cursor moves past them only with a later row, so it never
         * holds an erased customer's id as its key (a trailing one is read again next run, and
         * skipped again).
         */
        private BulkApplied applyBatch(Handle h, SyncTable table, SourceReader.Rows rows, boolean[] more)
                throws SQLException {
            String cursorValue = null;
            String lastKey = null;
            Instant newest = null;
            long read = 0;
            BulkApplied applied;
            // The source's rows stream while the COPY is open: a slow source must not trip the
            // pool's short statement_timeout; the run's own deadline bounds the batch instead.
            ledger.limitBatchTime(h, deadline.remainingMillis());
            Suppressions.Batch suppressed = suppressions.batch(h, source.storeId());
            try (StagingCopy copy = table == SyncTable.CUSTOMERS ? applier.stageCustomers(h) : applier.stageOrders(h)) {
                while (more[0] && read < batchRows) {
                    Instant modifiedAt = rows.modifiedAt();
                    if (rows.cursorValue() == null) {
                        throw ValidationException.of(
                                table.code() + "[" + rows.key() + "]",
                                "the cursor column is null: every row needs a modified-at (or ROWVERSION) value");
                    }
                    if (suppressed.refuses(table == SyncTable.CUSTOMERS ? rows.key() : rows.text(2))) {
                        read++;
                        more[0] = rows.next();
                        continue;
                    }
                    if (table == SyncTable.CUSTOMERS) {
                        copy.text(rows.key())
                                .text(rows.text(2))
                                .text(rows.text(3))
                                .text(rows.text(4))
                                .timestamp(rows.instant(5))
                                .timestamp(modifiedAt)
                                .bool(rows.deleted());
                    } else {
                        copy.text(rows.key())
                                .text(rows.text(2))
                                .timestamp(rows.instant(3))
                                .decimal(rows.decimal(4))
                                .text(trimmed(rows.text(5)))
                                .text(kind(rows.text(6)))
                                .timestamp(modifiedAt)
                                .bool(rows.deleted());
                    }
                    copy.endRow();
                    cursorValue = rows.cursorValue();
                    lastKey = rows.key();
                    if (modifiedAt != null && (newest == null || modifiedAt.isAfter(newest))) {
                        newest = modifiedAt;
                    }
                    read++;
                    more[0] = rows.next();
                }
                applied = table == SyncTable.CUSTOMERS
                        ? applier.applyCustomers(h, source.storeId(), copy)
                        : applier.applyOrders(h, source.storeId(), copy);
            }
            Instant now = clock.instant();
            if (cursorValue != null) {
                ledger.advanceCursor(h, source.id(), table, cursorValue, lastKey, newest, now);
            }
            ledger.progress(h, runId, table, read, applied.written(), applied.deleted(), newest, now);
            suppressed.report("sync source " + source.id() + " run " + runId + " (" + table.code() + ")");
            return applied;
        }

        /**
         * Compares the store's live keys with the source's, a chunk at a time, and soft-deletes the
         * ones the source no longer has; false when the deadline stopped it (it is then still due).
         */
        private boolean reconcileIfDue(Connection connection, SyncTable table) throws SQLException {
            Optional<SyncCursor> cursor = ledger.cursor(handle, source.id(), table);
            Instant now = clock.instant();
            if (cursor.isEmpty()
                    || (cursor.get().reconciledAt() != null
                            && cursor.get().reconciledAt().plus(RECONCILE_EVERY).isAfter(now))) {
                return true;
            }
            BulkApplier.Rows rows = table == SyncTable.CUSTOMERS ? BulkApplier.Rows.CUSTOMERS : BulkApplier.Rows.ORDERS;
            String after = "";
            while (true) {
                if (outOfTime()) {
                    return false;
                }
                List<String> keys = applier.liveKeys(handle, source.storeId(), rows, after, SourceReader.KEY_CHUNK);
                if (keys.isEmpty()) {
                    break;
                }
                Set<String> present = new HashSet<>(reader.presentKeys(connection, table, keys, timeoutSeconds));
                List<String> gone = new ArrayList<>();
                for (String key : keys) {
                    if (!present.contains(key)) {
                        gone.add(key);
                    }
                }
                if (!gone.isEmpty()) {
                    BulkApplied applied = handle.inTransaction(h -> {
                        Instant at = clock.instant();
                        BulkApplied marked = table == SyncTable.CUSTOMERS
                                ? applier.markCustomersGone(h, source.storeId(), gone, at)
                                : applier.markOrdersGone(h, source.storeId(), gone, at);
                        ledger.progress(h, runId, table, 0, marked.written(), marked.deleted(), null, at);
                        return marked;
                    });
                    collect(applied.changedCustomers());
                }
                after = keys.get(keys.size() - 1);
            }
            handle.useTransaction(h -> ledger.markReconciled(h, source.id(), table, clock.instant()));
            return true;
        }

        private boolean outOfTime() {
            long remaining = deadline.remainingMillis();
            return remaining <= 0 || remaining < 2 * longestBatchMillis;
        }

        private int fetchSize() {
            return Math.min(batchRows, 5_000);
        }

        private void collect(Map<Long, String> customers) {
            changed.putAll(customers);
            if (changed.size() >= AFTER_APPLY_CHUNK) {
                handOn();
            }
        }

        /** After a failure: the batches committed before it still get rescored. */
        void handOnCommitted() {
            try {
                handOn();
            } catch (RuntimeException e) {
                LOG.warn("sync source {}: rescoring after a failed run failed too: {}", source.id(), e.toString());
            }
        }

        /** Hands the changed customers to {@link AfterApply} (their batches are committed). */
        private void handOn() {
            if (!changed.isEmpty()) {
                afterApply.changed(source.storeId(), Map.copyOf(changed));
                changed.clear();
            }
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    /** The source's kind as the star schema spells it ({@code Order}, {@code RETURN} and padding accepted). */
    private static String kind(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String ledgerStatus(SyncOutcome.Status status) {
        return switch (status) {
            case COMPLETED -> "completed";
            case STOPPED_FOR_TIME -> "stopped_for_time";
            case FAILED, ALREADY_RUNNING, SOURCE_NOT_ACTIVE -> "failed";
        };
    }

    /** What may be logged and alerted on: the failure's own message, never a connection's password. */
    private static String failureMessage(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        message = SyncSource.redactedUrl(message);
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /** A failed unlock (the connection broke) frees the lock anyway: the pool closes a broken connection. */
    private void unlockQuietly(Handle handle, long sourceId) {
        try {
            ledger.unlock(handle, sourceId);
        } catch (RuntimeException e) {
            LOG.warn("sync source {}: unlock failed ({}); the lock goes with the connection", sourceId, e.toString());
        }
    }

    private static void rollbackQuietly(Handle handle) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is returned (and reset) by the pool
        }
    }
}
