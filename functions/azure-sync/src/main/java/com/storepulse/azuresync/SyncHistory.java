package com.storepulse.azuresync;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * What the function reads from the sync ledger ({@code sync_source}, {@code sync_run}) beside the sync itself: how
 * fresh each source is, and whether a completed run ends a failure streak. SQL beside it in
 * {@code SyncHistory/*.sql}.
 */
public final class SyncHistory {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private final Jdbi jdbi;

    public SyncHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * For each of these sources, when it last completed a run; a source that never did counts from
     * its registration, so a source that never syncs raises the lag alarm an hour after it was added.
     */
    public Map<Long, Instant> lastSuccessOrRegistration(Collection<Long> sourceIds) {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Instant> since = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery(SQL.locate(SyncHistory.class, "lastSuccessOrRegistration"))
                .bindArray("ids", Long.class, List.copyOf(sourceIds))
                .map((rs, ctx) -> Map.entry(
                        rs.getLong("source_id"),
                        rs.getObject("since", OffsetDateTime.class).toInstant()))
                .forEach(e -> since.put(e.getKey(), e.getValue())));
        return since;
    }

    /** Whether a run of {@code sourceId} failed since its last completed run before {@code runId} (then {@code runId} resolves the alert). */
    public boolean failedSinceLastCompleted(long sourceId, long runId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.locate(SyncHistory.class, "failedSinceLastCompleted"))
                .bind("sourceId", sourceId)
                .bind("runId", runId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }
}
