package com.storepulse.alerts;

import com.storepulse.alerts.AlertNotice.Kind;
import com.storepulse.alerts.AlertRouting.Windows;
import com.storepulse.alerts.AlertStore.GroupLock;
import com.storepulse.alerts.AlertStore.RecordedNotice;
import com.storepulse.alerts.AlertStore.WaitingNotice;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.SlackMessages.GroupedAlert;
import com.storepulse.alerts.SlackMessages.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out: records each notice, groups and de-duplicates them in PostgreSQL, and posts one
 * Slack message per group and window (docs/operations/alerting.md, "How alerts are grouped").
 *
 * <ul>
 *   <li><b>Fingerprint state.</b> Per fingerprint, {@code alert_state.notified_state} says what
 *       Slack has been (or is about to be) told. A firing notice is posted unless Slack was already
 *       told it fires (a duplicate) or a silence mutes it; a resolved notice is posted whenever
 *       Slack was told it fired (silenced or not), or the alarm, seen for the first time, says it
 *       was in ALARM. One that fired only while muted is announced by the sweep if it still fires
 *       when the silence ends.</li>
 *   <li><b>Groups.</b> A group is one webhook and one severity. The first message of a group goes
 *       at once; later notices wait for the group interval since its last message and then go
 *       together, one line per fingerprint with its count. The invocation that finds a notice
 *       waiting and nobody waiting for the group waits itself (it has the time: the interval is
 *       at most 40 s, the function's timeout 60 s) and posts; the others return.</li>
 *   <li><b>Never twice, never lost.</b> A message is rendered once into {@code alert_batch} and
 *       marked sent when Slack accepts it. A retried invocation finds its notices by message id and
 *       posts only what is still unsent. An invocation whose message could not be delivered
 *       throws, so Lambda retries it and then keeps it (the on-failure destination). The schedule's
 *       {@link #sweep} posts what an instance that died left behind and the repeat reminders.</li>
 * </ul>
 */
public final class AlertFanout {

    /** What one invocation did. */
    public record Report(int notices, int queued, int muted, int messagesSent) {}

    private static final Logger LOG = LoggerFactory.getLogger(AlertFanout.class);
    /** A group's waiter holds its claim this long past the send time before another may take over. */
    private static final Duration CLAIM_GRACE = Duration.ofSeconds(15);
    /** Unsent messages older than this, and unclaimed, are the sweep's. */
    private static final Duration STALE = Duration.ofMinutes(2);
    /** Time kept back from the deadline for the last post. */
    private static final Duration POST_MARGIN = Duration.ofSeconds(3);

    private final AlertStore store;
    private final AlertRouting routing;
    private final Windows windows;
    private final AlertSilences silences;
    private final SlackMessages messages;
    private final AlertDelivery delivery;
    private final InstantSource clock;
    private final AlertDelivery.Sleeper sleeper;

    public AlertFanout(
            AlertStore store,
            AlertRouting routing,
            Windows windows,
            AlertSilences silences,
            SlackMessages messages,
            AlertDelivery delivery,
            InstantSource clock,
            AlertDelivery.Sleeper sleeper) {
        this.store = store;
        this.routing = routing;
        this.windows = windows;
        this.silences = silences;
        this.messages = messages;
        this.delivery = delivery;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Handles one invocation's notices; returns when every message it is responsible for is
     * posted, or throws {@link SlackDeliveryException} (after trying the others).
     */
    public Report handle(List<AlertNotice> notices, Instant deadline) {
        Set<String> groups = new LinkedHashSet<>();
        int queued = 0;
        int muted = 0;
        for (AlertNotice notice : notices) {
            List<RecordedNotice> recorded = record(notice);
            for (RecordedNotice r : recorded) {
                groups.add(r.groupKey());
                if (r.posted()) {
                    queued++;
                } else {
                    muted++;
                }
            }
        }
        Set<Long> own = new LinkedHashSet<>();
        for (String group : groups) {
            flush(group, deadline, true).ifPresent(own::add);
        }
        // A retried invocation: its notices may sit in messages an earlier attempt made but did not send.
        store.jdbi().useHandle(h -> {
            for (AlertNotice notice : notices) {
                store.noticesOf(h, notice.messageId()).forEach(r -> r.batchId().ifPresent(own::add));
            }
        });
        int sent = deliverAll(own, deadline);
        return new Report(notices.size(), queued, muted, sent);
    }

    /**
     * The schedule's work: messages left unsent by an instance that died, groups whose waiter is
     * gone, and reminders for alerts still firing after the repeat interval.
     */
    public Report sweep(Instant deadline) {
        Set<Long> batches = new LinkedHashSet<>(store.staleBatches(STALE));
        for (String group : store.dueGroups()) {
            flush(group, deadline, false).ifPresent(batches::add);
        }
        batches.addAll(reminders());
        int sent = deliverAll(batches, deadline);
        return new Report(0, 0, 0, sent);
    }

    private int deliverAll(Set<Long> batches, Instant deadline) {
        int sent = 0;
        SlackDeliveryException failure = null;
        for (long batchId : batches) {
            try {
                if (deliver(batchId, deadline)) {
                    sent++;
                }
            } catch (SlackDeliveryException e) {
                LOG.error("alert message {} not delivered: {}", batchId, e.getMessage());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return sent;
    }

    /** Posts one message if it is unsent and nobody else is posting it; true if this call posted it. */
    private boolean deliver(long batchId, Instant deadline) {
        Duration lease = Duration.between(clock.instant(), deadline).plusSeconds(5);
        Optional<AlertStore.Claimed> claimed =
                store.claimBatch(batchId, lease.isNegative() ? Duration.ofSeconds(5) : lease);
        if (claimed.isEmpty()) {
            return false;
        }
        try {
            delivery.deliver(claimed.get().webhook(), claimed.get().payload(), deadline.minus(POST_MARGIN));
        } catch (SlackDeliveryException e) {
            store.releaseBatch(batchId, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            store.releaseBatch(batchId, e.getClass().getSimpleName());
            throw e;
        }
        store.markBatchSent(batchId);
        LOG.info(
                "alert message {} posted to webhook '{}'",
                batchId,
                claimed.get().webhook());
        return true;
    }

    /** Records a notice once (by message id) in each group it routes to; the recorded rows. */
    List<RecordedNotice> record(AlertNotice notice) {
        return store.jdbi().inTransaction(h -> {
            List<RecordedNotice> existing = store.noticesOf(h, notice.messageId());
            if (!existing.isEmpty()) {
                LOG.info("alert notice {} was recorded before (a retried invocation)", notice.messageId());
                return existing;
            }
            boolean notify;
            String reason = null;
            if (notice.kind() == Kind.UNRECOGNISED) {
                notify = true;
                LOG.warn("unrecognised alert payload {}: {}", notice.messageId(), notice.summary());
            } else {
                notify = decide(h, notice);
                if (!notify) {
                    reason = notice.firing() ? mutedReason(h, notice) : "resolved, never announced as firing";
                }
            }
            String json = notice.toJson();
            List<RecordedNotice> rows = new ArrayList<>();
            for (String webhook : routing.webhooksFor(notice.severity(), notice.name())) {
                String groupKey = webhook + "/" + notice.severity();
                h.createUpdate(AlertStore.sql("ensureGroup"))
                        .bind("groupKey", groupKey)
                        .bind("webhook", webhook)
                        .execute();
                h.createUpdate(AlertStore.sql("insertNotice"))
                        .bind("messageId", notice.messageId())
                        .bind("groupKey", groupKey)
                        .bind("fingerprint", notice.fingerprint())
                        .bind("state", notice.state().json())
                        .bind("notify", notify)
                        .bind("reason", reason)
                        .bind("notice", json)
                        .execute();
                rows.add(new RecordedNotice(groupKey, Optional.empty(), notify));
            }
            return rows;
        });
    }

    private String mutedReason(Handle h, AlertNotice notice) {
        Instant now = clock.instant();
        return silences.active(h, now).stream().anyMatch(s -> s.mutes(notice, now)) ? "silenced" : "duplicate";
    }

    /** Updates the fingerprint's state; whether Slack is to hear of this notice. */
    private boolean decide(Handle h, AlertNotice notice) {
        String json = notice.toJson();
        String source = notice.kind() == Kind.APP_ALERT ? "app" : "cloudwatch";
        boolean firstNotice = bindState(h.createUpdate(AlertStore.sql("ensureState")), notice, source, json)
                        .execute()
                == 1;
        Optional<String> told = h.createQuery(AlertStore.sql("lockState"))
                .bind("fingerprint", notice.fingerprint())
                .map((rs, ctx) -> rs.getString("notified_state"))
                .findOne()
                .flatMap(Optional::ofNullable);
        boolean notify;
        if (notice.firing()) {
            Instant now = clock.instant();
            boolean silenced = silences.active(h, now).stream().anyMatch(s -> s.mutes(notice, now));
            notify = !silenced && !told.equals(Optional.of("firing"));
            h.createUpdate(AlertStore.sql("openIncident"))
                    .bind("fingerprint", notice.fingerprint())
                    .bind("severity", notice.severity().name())
                    .bind("runbook", notice.runbook().orElse(null))
                    .bind("since", notice.since())
                    .execute();
        } else {
            // An alarm known here but never announced (muted while it fired) stays unannounced; one
            // never seen before is announced as resolved if it says it was in ALARM (its firing was lost).
            notify = told.equals(Optional.of("firing")) || (firstNotice && notice.previousAlarm());
            h.createUpdate(AlertStore.sql("closeIncident"))
                    .bind("fingerprint", notice.fingerprint())
                    .bind("since", notice.since())
                    .execute();
        }
        bindState(h.createUpdate(AlertStore.sql("updateState")), notice, source, json)
                .bind("announce", notify)
                .execute();
        return notify;
    }

    /** The fingerprint's row of alert_state as a notice sets it (the same columns on insert and update). */
    private static Update bindState(Update update, AlertNotice notice, String source, String json) {
        return update.bind("fingerprint", notice.fingerprint())
                .bind("source", source)
                .bind("name", notice.name())
                .bind("state", notice.state().json())
                .bind("severity", notice.severity().name())
                .bind("runbook", notice.runbook().orElse(null))
                .bind("since", notice.since())
                .bind("notice", json);
    }

    private sealed interface Step permits Made, Done, Wait {}

    private record Made(long batchId) implements Step {}

    private record Done() implements Step {}

    private record Wait(long millis) implements Step {}

    /**
     * Makes the group's next message if it is due; else waits for it (if {@code mayWait}, nobody
     * else is, and the deadline allows), else leaves it to whoever waits or to the sweep.
     */
    Optional<Long> flush(String groupKey, Instant deadline, boolean mayWait) {
        boolean waiting = false;
        while (true) {
            boolean weWait = waiting;
            Step step = store.jdbi().inTransaction(h -> {
                GroupLock lock = h.createQuery(AlertStore.sql("lockGroup"))
                        .bind("groupKey", groupKey)
                        .bind("interval", windows.groupInterval().toString())
                        .map((rs, ctx) -> new GroupLock(
                                rs.getString("webhook"),
                                rs.getBoolean("due"),
                                rs.getBoolean("claimed"),
                                rs.getLong("wait_ms")))
                        .one();
                List<WaitingNotice> waitingNotices = h.createQuery(AlertStore.sql("waitingNotices"))
                        .bind("groupKey", groupKey)
                        .map((rs, ctx) -> new WaitingNotice(
                                rs.getString("message_id"),
                                rs.getString("fingerprint"),
                                rs.getString("state"),
                                rs.getString("notice")))
                        .list();
                if (waitingNotices.isEmpty()) {
                    return new Done();
                }
                if (lock.due()) {
                    long batchId = makeBatch(h, groupKey, lock.webhook(), waitingNotices);
                    h.createUpdate(AlertStore.sql("markGroupSent"))
                            .bind("groupKey", groupKey)
                            .execute();
                    return new Made(batchId);
                }
                if (lock.claimed() && !weWait) {
                    return new Done();
                }
                Instant wakeUp = clock.instant().plusMillis(lock.waitMs() + 50);
                if (!mayWait || wakeUp.plus(POST_MARGIN).plusSeconds(2).isAfter(deadline)) {
                    return new Done();
                }
                h.createUpdate(AlertStore.sql("claimGroupFlush"))
                        .bind("groupKey", groupKey)
                        .bind("interval", windows.groupInterval().toString())
                        .bind("grace", CLAIM_GRACE.toString())
                        .execute();
                return new Wait(lock.waitMs() + 50);
            });
            switch (step) {
                case Made made -> {
                    return Optional.of(made.batchId());
                }
                case Done done -> {
                    return Optional.empty();
                }
                case Wait wait -> {
                    waiting = true;
                    try {
                        sleeper.sleep(Duration.ofMillis(wait.millis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
            }
        }
    }

    private long makeBatch(Handle h, String groupKey, String webhook, List<WaitingNotice> waiting) {
        Map<String, List<AlertNotice>> byFingerprint = new LinkedHashMap<>();
        List<String> messageIds = new ArrayList<>();
        for (WaitingNotice w : waiting) {
            byFingerprint
                    .computeIfAbsent(w.fingerprint(), f -> new ArrayList<>())
                    .add(AlertNotice.fromJson(w.notice()));
            messageIds.add(w.messageId());
        }
        List<GroupedAlert> alerts = new ArrayList<>();
        byFingerprint
                .values()
                .forEach(list -> alerts.add(new GroupedAlert(
                        list.getLast(),
                        list.size(),
                        list.stream().map(AlertNotice::state).distinct().count() > 1)));
        Severity severity = Severity.valueOf(groupKey.substring(groupKey.lastIndexOf('/') + 1));
        boolean unrecognised = alerts.stream().allMatch(a -> a.latest().kind() == Kind.UNRECOGNISED);
        String payload = messages.render(severity, Purpose.NOTIFY, alerts, clock.instant());
        long batchId = h.createQuery(AlertStore.sql("insertBatch"))
                .bind("groupKey", groupKey)
                .bind("webhook", webhook)
                .bind("kind", unrecognised ? "unrecognised" : "notify")
                .bind("payload", payload)
                .bind("alerts", alerts.size())
                .mapTo(Long.class)
                .one();
        h.createUpdate(AlertStore.sql("assignBatch"))
                .bind("batchId", batchId)
                .bind("groupKey", groupKey)
                .bind("messageIds", messageIds.toArray(String[]::new))
                .execute();
        h.createUpdate(AlertStore.sql("markNotified"))
                .bind("fingerprints", byFingerprint.keySet().toArray(String[]::new))
                .execute();
        LOG.info(
                "alert message {} for group {}: {} alerts from {} notices",
                batchId,
                groupKey,
                alerts.size(),
                waiting.size());
        return batchId;
    }

    /**
     * Alerts firing but never announced (muted while they fired) whose silence has ended, as new
     * notices; then one reminder message per webhook and severity for alerts still firing after the
     * repeat interval.
     */
    private List<Long> reminders() {
        List<Long> batches = new ArrayList<>(sweepMessages(store.unannounced(), Purpose.NOTIFY, "markAnnounced"));
        batches.addAll(sweepMessages(store.dueReminders(windows.repeatInterval()), Purpose.REPEAT, "markNotified"));
        return batches;
    }

    /** One message per webhook and severity for the alerts no silence mutes now; {@code mark} records them told. */
    private List<Long> sweepMessages(List<AlertStore.Reminder> due, Purpose purpose, String mark) {
        if (due.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<AlertSilence> active = silences.active(now);
        Map<String, List<AlertNotice>> byGroup = new LinkedHashMap<>();
        for (AlertStore.Reminder r : due) {
            AlertNotice notice = AlertNotice.fromJson(r.notice());
            if (active.stream().anyMatch(s -> s.mutes(notice, now))) {
                continue;
            }
            for (String webhook : routing.webhooksFor(notice.severity(), notice.name())) {
                byGroup.computeIfAbsent(webhook + "/" + notice.severity(), g -> new ArrayList<>())
                        .add(notice);
            }
        }
        List<Long> batches = new ArrayList<>();
        store.jdbi().useTransaction(h -> {
            for (Map.Entry<String, List<AlertNotice>> e : byGroup.entrySet()) {
                String groupKey = e.getKey();
                Severity severity = Severity.valueOf(groupKey.substring(groupKey.lastIndexOf('/') + 1));
                List<GroupedAlert> alerts = e.getValue().stream()
                        .map(n -> new GroupedAlert(n, 1, false))
                        .toList();
                long batchId = h.createQuery(AlertStore.sql("insertBatch"))
                        .bind("groupKey", groupKey)
                        .bind("webhook", groupKey.substring(0, groupKey.lastIndexOf('/')))
                        .bind("kind", purpose == Purpose.REPEAT ? "repeat" : "notify")
                        .bind("payload", messages.render(severity, purpose, alerts, now))
                        .bind("alerts", alerts.size())
                        .mapTo(Long.class)
                        .one();
                h.createUpdate(AlertStore.sql(mark))
                        .bind(
                                "fingerprints",
                                e.getValue().stream()
                                        .map(AlertNotice::fingerprint)
                                        .toArray(String[]::new))
                        .execute();
                batches.add(batchId);
            }
        });
        return batches;
    }
}
