package com.storepulse.sync;

import com.storepulse.ingest.AfterApply;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs one source once (docs/sync.md). Under a PostgreSQL advisory lock per source, it marks any
 * {@code running} ledger row the lock's previous holder left behind as abandoned, then for each
 * source table reads the rows after the committed cursor in (cursor, primary key) order, a batch at
 * a time, COPYs each batch into a staging table, applies it with one upsert and advances the cursor
 * and the run's progress in the same transaction. The deadline is checked between batches. After
 * loading, {@link AfterApply} gets the changed customers per store (rescoring, cache invalidation).
 *
 * <p>Thread-safe; one instance serves every source.
 */
public final class SourceSync {

    private final Jdbi jdbi;
    private final SyncSources sources;
    private final SourceConnections connections;
    private final AfterApply afterApply;
    private final Clock clock;

    public SourceSync(
            Jdbi jdbi, SyncSources sources, SourceConnections connections, AfterApply afterApply, Clock clock) {
        this.jdbi = jdbi;
        this.sources = sources;
        this.connections = connections;
        this.afterApply = afterApply;
        this.clock = clock;
    }

    /**
     * Runs the source until it is caught up or the deadline comes. Never throws for a failing
     * source: the failure is recorded and returned as {@link SyncOutcome.Status#FAILED}.
     */
    public SyncOutcome run(long sourceId, SyncMode mode, SyncDeadline deadline) {
        throw new UnsupportedOperationException("not yet");
    }
}
