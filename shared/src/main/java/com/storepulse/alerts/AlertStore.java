package com.storepulse.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The fan-out's PostgreSQL state (V15: {@code alert_state}, {@code alert_notice},
 * {@code alert_group}, {@code alert_batch}, {@code alert_webhook_pace}, {@code alert_incident}).
 * SQL: resources com/storepulse/alerts/AlertStore/*.sql. Times are the database's, so instances
 * with different clocks agree.
 */
public final class AlertStore {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    /** A notice row already recorded for a message id. */
    public record RecordedNotice(String groupKey, Optional<Long> batchId, boolean posted) {}

    /** A notice waiting in its group for the next message. */
    public record WaitingNotice(String messageId, String fingerprint, String state, String notice) {}

    /** A group's row, locked. */
    public record GroupLock(String webhook, boolean due, boolean claimed, long waitMs) {}

    /** A claimed batch, ready to post. */
    public record Claimed(String webhook, String payload) {}

    /** An alert still firing that the sweep announces (its silence ended) or reminds of. */
    public record Reminder(String fingerprint, String severity, String notice) {}

    private final Jdbi jdbi;

    public AlertStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    static String sql(String name) {
        return SQL.locate(AlertStore.class, name);
    }

    List<RecordedNotice> noticesOf(Handle h, String messageId) {
        return h.createQuery(sql("noticesOf"))
                .bind("messageId", messageId)
                .map((rs, ctx) -> new RecordedNotice(
                        rs.getString("group_key"),
                        Optional.ofNullable((Long) rs.getObject("batch_id")),
                        rs.getBoolean("notify")))
                .list();
    }

    /** What a post did while holding its webhook's turn: its outcome, and how long the next post must wait after it. */
    record Turn<T>(T outcome, Duration nextAfter) {}

    /** The work of one turn: given how long to wait for the slot, post (or give up) and say what comes next. */
    interface TurnWork<T> {
        Turn<T> run(long waitMs) throws InterruptedException;
    }

    /**
     * Runs {@code work} holding the webhook's turn (a row lock on {@code alert_webhook_pace},
     * waited for at most {@code maxWait}): posts to one webhook never overlap, across instances,
     * and the next starts no sooner than the turn's {@code nextAfter} after this one ended.
     */
    <T> T inTurn(String webhook, Duration maxWait, TurnWork<T> work) throws InterruptedException {
        return jdbi.inTransaction(h -> {
            h.createUpdate(sql("ensurePace")).bind("webhook", webhook).execute();
            h.execute("SET LOCAL lock_timeout = " + Math.max(1, maxWait.toMillis()));
            long waitMs = h.createQuery(sql("lockPace"))
                    .bind("webhook", webhook)
                    .mapTo(Long.class)
                    .one();
            Turn<T> turn = work.run(waitMs);
            h.createUpdate(sql("setPace"))
                    .bind("webhook", webhook)
                    .bind("pause", turn.nextAfter().toString())
                    .execute();
            return turn.outcome();
        });
    }

    Optional<Claimed> claimBatch(long batchId, Duration lease) {
        return jdbi.withHandle(h -> h.createQuery(sql("claimBatch"))
                .bind("batchId", batchId)
                .bind("lease", lease.toString())
                .map((rs, ctx) -> new Claimed(rs.getString("webhook"), rs.getString("payload")))
                .findOne());
    }

    void markBatchSent(long batchId) {
        jdbi.useHandle(h ->
                h.createUpdate(sql("markBatchSent")).bind("batchId", batchId).execute());
    }

    void releaseBatch(long batchId, String error) {
        jdbi.useHandle(h -> h.createUpdate(sql("releaseBatch"))
                .bind("batchId", batchId)
                .bind("error", error)
                .execute());
    }

    List<Long> staleBatches(Duration age) {
        return jdbi.withHandle(h -> h.createQuery(sql("staleBatches"))
                .bind("age", age.toString())
                .mapTo(Long.class)
                .list());
    }

    List<String> dueGroups() {
        return jdbi.withHandle(
                h -> h.createQuery(sql("dueGroups")).mapTo(String.class).list());
    }

    /** Alerts firing that Slack was never told fire (muted when they started), oldest first. */
    List<Reminder> unannounced() {
        return jdbi.withHandle(h -> h.createQuery(sql("unannounced"))
                .map((rs, ctx) ->
                        new Reminder(rs.getString("fingerprint"), rs.getString("severity"), rs.getString("notice")))
                .list());
    }

    List<Reminder> dueReminders(Duration repeat) {
        return jdbi.withHandle(h -> h.createQuery(sql("dueReminders"))
                .bind("repeat", repeat.toString())
                .map((rs, ctx) ->
                        new Reminder(rs.getString("fingerprint"), rs.getString("severity"), rs.getString("notice")))
                .list());
    }
}
