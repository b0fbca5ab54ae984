package com.storepulse.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.storepulse.alerts.AlertSilences.NewSilence;
import com.storepulse.db.Database;
import com.storepulse.json.Json;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fan-out on the real PostgreSQL, with WireMock as Slack reached through the real HTTP client. */
class AlertFanoutTest {

    private final WireMockServer slack =
            new WireMockServer(options().dynamicPort().containerThreads(40));

    @BeforeEach
    void start() {
        slack.start();
        slack.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/services/.*"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    private List<LoggedRequest> posts(String path) {
        return slack.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static JsonNode json(LoggedRequest request) throws IOException {
        return Json.mapper().readTree(request.getBodyAsString());
    }

    private static String blocksText(LoggedRequest request) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : json(request).path("attachments").path(0).path("blocks")) {
            text.append(block.path("text").path("text").asText()).append('\n');
        }
        return text.toString();
    }

    @Test
    void theFirstAlarmOfAGroupGoesAtOnceAndFlappingBecomesOneMessageWithACount() throws IOException {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ofSeconds(2));
        String alarm = h.prefix + "-api-errors";
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", alarm, "ALARM", "OK"));
        assertEquals(1, posts(FanoutHarness.path(h.alertsHook)).size(), "the first one is not held back");

        // flapping inside the window: two notices arrive while the group waits (recorded only, as
        // an invocation does that finds someone else waiting), the third's invocation waits it out
        // and posts the three together
        h.fanout.record(h.parser
                .parse(FanoutHarness.alarmEvent(h.prefix + "-2", alarm, "OK", "ALARM")
                        .getBytes())
                .getFirst());
        h.fanout.record(h.parser
                .parse(FanoutHarness.alarmEvent(h.prefix + "-3", alarm, "ALARM", "OK")
                        .getBytes())
                .getFirst());
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-4", alarm, "OK", "ALARM"));
        List<LoggedRequest> posts = posts(FanoutHarness.path(h.alertsHook));
        assertEquals(2, posts.size());
        String second = blocksText(posts.get(1));
        assertTrue(second.contains("*RESOLVED*"), second);
        assertTrue(second.contains("3 notifications in this window (flapping)"), second);
        assertEquals(
                "#2EB67D",
                json(posts.get(1)).path("attachments").path(0).path("color").asText());
    }

    @Test
    void resolvedAfterFiringSendsAResolvedNotice() throws IOException {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String alarm = h.prefix + "-latency";
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", alarm, "ALARM", "OK"));
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", alarm, "ALARM", "ALARM"));
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-3", alarm, "OK", "ALARM"));
        List<LoggedRequest> posts = posts(FanoutHarness.path(h.alertsHook));
        assertEquals(2, posts.size(), "firing, then resolved; the repeated firing is a duplicate");
        assertTrue(blocksText(posts.get(0)).contains("*FIRING*"));
        assertTrue(blocksText(posts.get(1)).contains("✅ *RESOLVED* · *" + alarm + "*"), blocksText(posts.get(1)));
    }

    /** Found by the alert fan-out's 25,000-case fuzz run: a NUL reached PostgreSQL and failed the invocation. */
    @Test
    void aNulInTheMessageIdOrTheAlarmIsStoredAsAReplacementAndPostedOnce() throws IOException {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String alarm = h.prefix + "-nul\\u0000alarm";
        String event = FanoutHarness.alarmEvent(h.prefix + "-\\u0000", alarm, "ALARM", "OK");
        h.handle(event);
        h.handle(event);
        List<LoggedRequest> posts = posts(FanoutHarness.path(h.alertsHook));
        assertEquals(1, posts.size(), "posted once; the redelivery is the same message");
        assertTrue(blocksText(posts.getFirst()).contains(h.prefix + "-nul\uFFFDalarm"), blocksText(posts.getFirst()));
    }

    /**
     * SNS delivers at least once and Lambda retries: an old notice that comes back after a newer
     * one is recognised by its message id and changes nothing (not the alarm's state, not its
     * incident, not Slack), instead of reopening a resolved alarm.
     */
    @Test
    void aRedeliveredOldNoticeChangesNothing() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String alarm = h.prefix + "-redelivered";
        String firing = FanoutHarness.alarmEvent(h.prefix + "-1", alarm, "ALARM", "OK");
        h.handle(firing);
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", alarm, "OK", "ALARM"));
        String before = stateOf("alarm:" + alarm);
        assertTrue(before.startsWith("resolved/resolved/") && before.endsWith("/0"), before);

        AlertFanout.Report again = h.handle(firing);

        assertEquals(2, posts(FanoutHarness.path(h.alertsHook)).size(), "firing, resolved; nothing more");
        assertEquals(new AlertFanout.Report(1, 1, 0, 0), again, "the notice as first recorded, posted before");
        assertEquals(before, stateOf("alarm:" + alarm), "state/told/occurrences/open incidents");
    }

    /** An alarm's state, what Slack was told, how many notices it had, and its open incidents. */
    private static String stateOf(String fingerprint) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(x -> x.createQuery(
                                "SELECT state || '/' || notified_state || '/' || occurrences || '/' || (SELECT count(*)"
                                        + " FROM alert_incident i WHERE i.fingerprint = s.fingerprint AND resolved_at IS"
                                        + " NULL) FROM alert_state s WHERE fingerprint = :fingerprint")
                        .bind("fingerprint", fingerprint)
                        .mapTo(String.class)
                        .one());
    }

    @Test
    void aResolvedForAnAlarmNeverSeenFiringIsNotPosted() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        AlertFanout.Report report =
                h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-new", "OK", "INSUFFICIENT_DATA"));
        assertEquals(0, report.queued());
        assertEquals(0, posts(FanoutHarness.path(h.alertsHook)).size());
    }

    @Test
    void p0GoesToEveryWebhookOfItsRoute() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", "storepulse-" + h.prefix + "-health-canary", "ALARM", "OK"));
        assertEquals(1, posts(FanoutHarness.path(h.alertsHook)).size());
        assertEquals(1, posts(FanoutHarness.path(h.oncallHook)).size());
    }

    @Test
    void aBurstOf200AlarmsBecomesAHandfulOfMessagesAtMostOneASecondPerWebhook() throws Exception {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ofSeconds(3));
        assertEquals(200, h.burst(200, 16, Duration.ofSeconds(30)));
        for (String hook : List.of(h.alertsHook, h.oncallHook)) {
            List<LoggedRequest> posts = new ArrayList<>(posts(FanoutHarness.path(hook)));
            posts.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
            System.out.println("burst of 200: " + posts.size() + " messages to " + hook);
            assertTrue(posts.size() >= 1 && posts.size() <= 8, posts.size() + " messages to " + hook);
            for (int i = 1; i < posts.size(); i++) {
                long gap = posts.get(i).getLoggedDate().getTime()
                        - posts.get(i - 1).getLoggedDate().getTime();
                assertTrue(gap >= 900, "messages to one webhook " + gap + " ms apart");
            }
        }
        // every alarm that fired is in some message
        StringBuilder all = new StringBuilder();
        for (LoggedRequest r : posts(FanoutHarness.path(h.alertsHook))) {
            all.append(r.getBodyAsString());
        }
        for (int i = 0; i < 50; i++) {
            String name = h.burstAlarm(i);
            if ((i % 4 == 2 || i % 4 == 3)) {
                assertTrue(
                        all.toString().contains(name + "*") || all.toString().contains(name + ","),
                        name + " reached Slack");
            }
        }
    }

    @Test
    void a429WithRetryAfterThenSuccessIsDeliveredOnce() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String path = FanoutHarness.path(h.alertsHook);
        slack.stubFor(post(urlEqualTo(path))
                .inScenario("rate")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "2")
                        .withBody("rate_limited"))
                .willSetStateTo("limited"));
        slack.stubFor(post(urlEqualTo(path))
                .inScenario("rate")
                .whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-x", "ALARM", "OK"));
        List<LoggedRequest> posts = posts(path);
        assertEquals(2, posts.size(), "one 429, one accepted");
        long gap = posts.get(1).getLoggedDate().getTime()
                - posts.get(0).getLoggedDate().getTime();
        assertTrue(gap >= 1_900, "Retry-After honoured: " + gap + " ms");
        // a retried invocation of the same message posts nothing more
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-x", "ALARM", "OK"));
        assertEquals(2, posts(path).size());
    }

    @Test
    void persistent5xxFailsTheInvocationAndTheRetryPostsOnceWhenSlackIsBack() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String path = FanoutHarness.path(h.alertsHook);
        slack.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(503).withBody("service_unavailable")));
        String event = FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-db", "ALARM", "OK");
        Instant started = Instant.now();
        SlackDeliveryException failure = assertThrows(
                SlackDeliveryException.class,
                () -> h.fanout.handle(
                        h.parser.parse(event.getBytes()), Instant.now().plusSeconds(8)));
        assertTrue(Duration.between(started, Instant.now()).toSeconds() < 8, "gave up within the deadline");
        assertTrue(failure.getMessage().contains("503"), failure.getMessage());
        assertFalse(failure.getMessage().contains("/services/"), "never the webhook's URL");
        int attempts = posts(path).size();
        assertTrue(attempts >= 2, "backed off and tried again: " + attempts);

        slack.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("ok")));
        h.handle(event);
        h.handle(event);
        long accepted = posts(path).size() - attempts;
        assertEquals(1, accepted, "the retry posts the kept message once; a second retry posts nothing");
    }

    /**
     * A sent message is recorded as sent: a retried invocation that comes after its claim lapsed
     * (the claim only keeps two live invocations apart) still does not post it again.
     */
    @Test
    void aRetriedInvocationAfterTheClaimLapsedDoesNotPostTwice() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String path = FanoutHarness.path(h.alertsHook);
        String event = FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-retried", "ALARM", "OK");
        h.handle(event);
        assertEquals(1, posts(path).size());
        TestDatabase.shared()
                .jdbi()
                .useHandle(x -> x.createUpdate(
                                "UPDATE alert_batch SET claimed_until = now() - interval '1 s' WHERE webhook = :webhook")
                        .bind("webhook", h.alertsHook)
                        .execute());

        AlertFanout.Report retry = h.handle(event);

        assertEquals(0, retry.messagesSent());
        assertEquals(1, posts(path).size(), "the retry posts nothing");
    }

    @Test
    void aRefusedMessageFailsAtOnce() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        slack.stubFor(post(urlEqualTo(FanoutHarness.path(h.alertsHook)))
                .willReturn(aResponse().withStatus(404).withBody("no_service")));
        SlackDeliveryException failure = assertThrows(
                SlackDeliveryException.class,
                () -> h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-y", "ALARM", "OK")));
        assertTrue(failure.getMessage().contains("no_service"), failure.getMessage());
        assertEquals(1, posts(FanoutHarness.path(h.alertsHook)).size());
    }

    @Test
    void aSilenceMutesByNamePatternAndByFingerprint() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        Instant now = Instant.now();
        h.silences.create(
                new NewSilence(
                        Optional.empty(), Optional.of(h.prefix + "-noisy-*"), now.plusSeconds(600), "deploy", "test"),
                now);
        h.silences.create(
                new NewSilence(
                        Optional.of("alarm:" + h.prefix + "-exact"),
                        Optional.empty(),
                        now.plusSeconds(600),
                        "known",
                        "test"),
                now);
        AlertFanout.Report a =
                h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", h.prefix + "-noisy-1", "ALARM", "OK"));
        AlertFanout.Report b = h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", h.prefix + "-exact", "ALARM", "OK"));
        assertEquals(1, a.muted());
        assertEquals(1, b.muted());
        assertEquals(0, posts(FanoutHarness.path(h.alertsHook)).size());
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-3", h.prefix + "-other", "ALARM", "OK"));
        assertEquals(1, posts(FanoutHarness.path(h.alertsHook)).size(), "others still go");
    }

    /**
     * The sweep reads every group and alarm of its database, so this test has a database of its own:
     * the other tests' unsent messages (a refused one stays unsent) are not its webhooks'.
     */
    @Test
    void anAlarmStillFiringAfterTheRepeatIntervalGetsAReminderUnlessSilenced() throws IOException {
        String jdbcUrl = TestDatabase.createEmptyDatabase("sp_alert_sweep");
        try (Database database = TestDatabase.open(jdbcUrl, 2)) {
            Migrations.migrate(database.dataSource());
            FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO, database.jdbi());
            String loud = h.prefix + "-still-firing";
            String muted = h.prefix + "-silenced-since";
            String resolved = h.prefix + "-resolved-since";
            h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", loud, "ALARM", "OK"));
            h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", muted, "ALARM", "OK"));
            h.handle(FanoutHarness.alarmEvent(h.prefix + "-3", resolved, "ALARM", "OK"));
            h.handle(FanoutHarness.alarmEvent(h.prefix + "-4", resolved, "OK", "ALARM"));
            String path = FanoutHarness.path(h.alertsHook);
            assertEquals(4, posts(path).size(), "three firing, one resolved");
            Instant now = Instant.now();
            h.silences.create(
                    new NewSilence(
                            Optional.of("alarm:" + muted), Optional.empty(), now.plusSeconds(600), "known", "test"),
                    now);
            assertEquals(0, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent(), "nothing due yet");

            // as if announced longer ago than the repeat interval (4 hours)
            database.jdbi()
                    .useHandle(x -> x.execute("UPDATE alert_state SET last_notified_at = now() - interval '5 hours'"));
            assertEquals(1, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent());
            List<LoggedRequest> posts = posts(path);
            assertEquals(5, posts.size());
            String reminder = blocksText(posts.getLast());
            assertTrue(reminder.contains("*" + loud + "*"), reminder);
            assertTrue(reminder.contains("_Still firing: a reminder._"), reminder);
            assertFalse(reminder.contains(muted), "silenced: " + reminder);
            assertFalse(reminder.contains(resolved), "resolved: " + reminder);
            assertTrue(json(posts.getLast()).path("text").asText().contains("(reminder)"));

            assertEquals(0, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent(), "one reminder per interval");
        }
    }

    /**
     * CloudWatch sends nothing more while an alarm keeps firing, so one that started during a
     * silence is announced by the sweep once the silence ends (once), not never.
     */
    @Test
    void anAlarmThatStartedFiringDuringASilenceIsAnnouncedWhenTheSilenceEnds() throws IOException {
        String jdbcUrl = TestDatabase.createEmptyDatabase("sp_alert_unmuted");
        try (Database database = TestDatabase.open(jdbcUrl, 2)) {
            Migrations.migrate(database.dataSource());
            FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO, database.jdbi());
            String alarm = h.prefix + "-fired-while-silenced";
            Instant now = Instant.now();
            AlertSilence silence = h.silences.create(
                    new NewSilence(
                            Optional.of("alarm:" + alarm), Optional.empty(), now.plusSeconds(600), "deploy", "t"),
                    now);
            assertEquals(
                    1,
                    h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", alarm, "ALARM", "OK"))
                            .muted());
            assertEquals(0, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent(), "still silenced");
            String path = FanoutHarness.path(h.alertsHook);
            assertEquals(0, posts(path).size());

            h.silences.expire(silence.id());
            assertEquals(1, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent());
            List<LoggedRequest> posts = posts(path);
            assertEquals(1, posts.size());
            assertTrue(blocksText(posts.getFirst()).contains("*FIRING*"), blocksText(posts.getFirst()));
            assertTrue(blocksText(posts.getFirst()).contains(alarm), blocksText(posts.getFirst()));
            assertEquals(0, h.fanout.sweep(FanoutHarness.deadline(30)).messagesSent(), "announced once");

            h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", alarm, "OK", "ALARM"));
            assertEquals(2, posts(path).size(), "announced, so its resolved notice goes");
        }
    }

    @Test
    void aResolvedForAnAlarmThatFiredOnlyWhileSilencedIsNotPosted() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String alarm = h.prefix + "-silenced-throughout";
        Instant now = Instant.now();
        h.silences.create(
                new NewSilence(Optional.of("alarm:" + alarm), Optional.empty(), now.plusSeconds(600), "deploy", "t"),
                now);
        h.handle(FanoutHarness.alarmEvent(h.prefix + "-1", alarm, "ALARM", "OK"));
        AlertFanout.Report resolved = h.handle(FanoutHarness.alarmEvent(h.prefix + "-2", alarm, "OK", "ALARM"));
        assertEquals(0, resolved.queued());
        assertEquals(0, posts(FanoutHarness.path(h.alertsHook)).size(), "never announced, so never resolved");
    }

    @Test
    void unknownPayloadsAreReportedOnce() throws IOException {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        String event = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"" + h.prefix
                + "-u\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:t\",\"Message\":\"{\\\"id\\\":42,\\\"name\\\":\\\"Bob\\\"}\"}}]}";
        h.handle(event);
        h.handle(event);
        List<LoggedRequest> posts = posts(FanoutHarness.path(h.alertsHook));
        assertEquals(1, posts.size());
        assertTrue(blocksText(posts.getFirst()).contains("*UNRECOGNISED*"));
        assertFalse(posts.getFirst().getBodyAsString().contains("Bob"));
    }

    @Test
    void silencesAreValidated() {
        FanoutHarness h = new FanoutHarness(slack.baseUrl(), Duration.ZERO);
        Instant now = Instant.now();
        assertThrows(
                com.storepulse.errors.ValidationException.class,
                () -> h.silences.create(
                        new NewSilence(Optional.empty(), Optional.of("*"), now.plusSeconds(60), "all", "t"), now));
        assertThrows(
                com.storepulse.errors.ValidationException.class,
                () -> h.silences.create(
                        new NewSilence(Optional.of("a"), Optional.empty(), now.minusSeconds(60), "past", "t"), now));
        AlertSilence s = h.silences.create(
                new NewSilence(Optional.of("alarm:" + h.prefix), Optional.empty(), now.plusSeconds(60), "c", "t"), now);
        assertTrue(h.silences.active(now).stream().anyMatch(x -> x.id() == s.id()));
        h.silences.expire(s.id());
        assertTrue(h.silences.active(Instant.now().plusSeconds(1)).stream().noneMatch(x -> x.id() == s.id()));
    }
}
