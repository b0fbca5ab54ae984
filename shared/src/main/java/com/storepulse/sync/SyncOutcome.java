package com.storepulse.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one run of one source did, as recorded in its {@code sync_run} row.
 *
 * @param runId the {@code sync_run} row (0 when no run was started: {@link Status#ALREADY_RUNNING},
 *     {@link Status#SOURCE_NOT_ACTIVE})
 * @param tables rows read from the source and written/deleted in the star schema, per source table
 * @param lag now minus the newest source change this run saw (empty when it saw none)
 * @param failure a message safe to log and alert on (never a password), when {@link Status#FAILED}
 */
public record SyncOutcome(
        long runId,
        long sourceId,
        Status status,
        List<TableCounts> tables,
        Duration duration,
        Optional<Duration> lag,
        Optional<String> failure) {

    public SyncOutcome {
        tables = List.copyOf(tables);
    }

    public enum Status {
        /** Every table caught up with the source as of this run. */
        COMPLETED,
        /** The deadline came first; what was committed stays, the next run goes on from there. */
        STOPPED_FOR_TIME,
        /** Another run holds the source's lock; this one did nothing. */
        ALREADY_RUNNING,
        /** The source is paused, deleted or unknown; nothing was done. */
        SOURCE_NOT_ACTIVE,
        /** The run failed; batches committed before the failure stay. */
        FAILED;

        /** Whether the caller should queue a continuation right away. */
        public boolean wantsContinuation() {
            return this == STOPPED_FOR_TIME;
        }
    }

    /** Counts for one source table ({@code customers} or {@code orders}). */
    public record TableCounts(String table, long rowsRead, long rowsWritten, long rowsDeleted) {}

    /** Rows read over every table. */
    public long rowsRead() {
        return tables.stream().mapToLong(TableCounts::rowsRead).sum();
    }

    /** Rows written (inserted or changed) over every table. */
    public long rowsWritten() {
        return tables.stream().mapToLong(TableCounts::rowsWritten).sum();
    }

    static SyncOutcome notRun(long sourceId, Status status) {
        return new SyncOutcome(0, sourceId, status, List.of(), Duration.ZERO, Optional.empty(), Optional.empty());
    }
}
