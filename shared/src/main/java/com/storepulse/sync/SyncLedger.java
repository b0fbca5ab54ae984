package com.storepulse.sync;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The sync's own tables: the per-source lock, the cursors ({@code sync_cursor}) and the run ledger
 * ({@code sync_run}, {@code sync_run_table}). Every method runs on the caller's handle, so a cursor
 * and a run's progress move in the transaction of the batch they describe. SQL beside it in
 * {@code SyncLedger/*.sql}.
 */
final class SyncLedger {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    /**
     * Limits the statements of the current batch transaction to {@code millis} (at least 10 s, at
     * most 15 minutes) instead of the pool's statement_timeout.
     */
    void limitBatchTime(Handle handle, long millis) {
        handle.createQuery(sql("batchTimeLimit"))
                .bind("millis", Math.max(10_000L, Math.min(millis, 900_000L)))
                .mapTo(String.class)
                .one();
    }

    /** Takes the source's lock for this session; false when another session holds it. */
    boolean tryLock(Handle handle, long sourceId) {
        return handle.createQuery(sql("tryLock"))
                .bind("sourceId", sourceId)
                .mapTo(Boolean.class)
                .one();
    }

    void unlock(Handle handle, long sourceId) {
        handle.createQuery(sql("unlock"))
                .bind("sourceId", sourceId)
                .mapTo(Boolean.class)
                .one();
    }

    int abandonRunning(Handle handle, long sourceId) {
        return handle.createUpdate(sql("abandonRunning"))
                .bind("sourceId", sourceId)
                .execute();
    }

    long startRun(Handle handle, long sourceId, long storeId, SyncMode mode, Instant now) {
        return handle.createQuery(sql("startRun"))
                .bind("sourceId", sourceId)
                .bind("storeId", storeId)
                .bind("mode", mode.name().toLowerCase(Locale.ROOT))
                .bind("now", utc(now))
                .mapTo(Long.class)
                .one();
    }

    void resetCursors(Handle handle, long sourceId) {
        handle.createUpdate(sql("resetCursors")).bind("sourceId", sourceId).execute();
    }

    Optional<SyncCursor> cursor(Handle handle, long sourceId, SyncTable table) {
        return handle.createQuery(sql("cursor"))
                .bind("sourceId", sourceId)
                .bind("sourceTable", table.code())
                .map((rs, ctx) -> new SyncCursor(
                        rs.getString("cursor_value"),
                        rs.getString("last_key"),
                        instant(rs.getObject("newest_change_at", OffsetDateTime.class)),
                        instant(rs.getObject("reconciled_at", OffsetDateTime.class))))
                .findOne();
    }

    void advanceCursor(
            Handle handle,
            long sourceId,
            SyncTable table,
            String cursorValue,
            String lastKey,
            Instant newestChangeAt,
            Instant now) {
        handle.createUpdate(sql("advanceCursor"))
                .bind("sourceId", sourceId)
                .bind("sourceTable", table.code())
                .bind("cursorValue", cursorValue)
                .bind("lastKey", lastKey)
                .bind("newestChangeAt", newestChangeAt == null ? null : utc(newestChangeAt))
                .bind("now", utc(now))
                .execute();
    }

    void markReconciled(Handle handle, long sourceId, SyncTable table, Instant now) {
        handle.createUpdate(sql("markReconciled"))
                .bind("sourceId", sourceId)
                .bind("sourceTable", table.code())
                .bind("now", utc(now))
                .execute();
    }

    void progress(
            Handle handle,
            long runId,
            SyncTable table,
            long read,
            long written,
            long deleted,
            Instant newestChangeAt,
            Instant now) {
        handle.createUpdate(sql("progress"))
                .bind("runId", runId)
                .bind("sourceTable", table.code())
                .bind("read", read)
                .bind("written", written)
                .bind("deleted", deleted)
                .bind("newestChangeAt", newestChangeAt == null ? null : utc(newestChangeAt))
                .bind("now", utc(now))
                .execute();
    }

    /** Closes the run; returns the newest source change it saw, if any. */
    Optional<Instant> finishRun(Handle handle, long runId, String status, String error, Instant now) {
        return handle.createQuery(sql("finishRun"))
                .bind("runId", runId)
                .bind("status", status)
                .bind("error", error)
                .bind("now", utc(now))
                .map((rs, ctx) -> instant(rs.getObject("newest_change_at", OffsetDateTime.class)))
                .findOne();
    }

    List<SyncOutcome.TableCounts> tableCounts(Handle handle, long runId) {
        return handle.createQuery(sql("tableCounts"))
                .bind("runId", runId)
                .map((rs, ctx) -> new SyncOutcome.TableCounts(
                        rs.getString("source_table"),
                        rs.getLong("rows_read"),
                        rs.getLong("rows_written"),
                        rs.getLong("rows_deleted")))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static String sql(String name) {
        return SQL.locate(SyncLedger.class, name);
    }
}
