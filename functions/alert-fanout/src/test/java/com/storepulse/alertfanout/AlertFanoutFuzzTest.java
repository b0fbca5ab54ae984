package com.storepulse.alertfanout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.storepulse.alerts.SlackDeliveryException;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.fuzz.EventMutations;
import com.storepulse.fuzz.EventMutations.FuzzEvent;
import com.storepulse.fuzz.EventMutations.Seed;
import com.storepulse.fuzz.FuzzTally;
import com.storepulse.fuzz.FuzzTally.Kind;
import com.storepulse.fuzz.FuzzTally.Violation;
import com.storepulse.fuzz.FuzzValues;
import com.storepulse.fuzz.Leaks;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 15's fuzz suite for alert-fanout: every event type its handler takes (SNS deliveries of
 * CloudWatch alarms and app alerts, CloudWatch alarm events delivered directly, the sweep
 * schedule's tick), mutated from the repository's samples (events/alert-fanout-*.json) and AWS's
 * own (../shared/corpora/aws-events), through the real {@link AlertFanoutHandler} (its own
 * Micronaut context) on PostgreSQL with WireMock as Slack. Fixed seed, bounded count
 * (junit-platform.properties). The handler refuses nothing by design: a payload it cannot read is
 * reported as unrecognised (docs/operations/alerting.md). With Slack up, for every event:
 *
 * <ul>
 *   <li>nothing escapes the handler but {@link SlackDeliveryException}, the documented retry
 *       signal (the invocation fails and Lambda retries the event), and only as the one failure a
 *       case can meet: each case starts with the webhook's turn free and has time for one post
 *       past the handler's margin, and Slack takes one message a second per webhook, so a second
 *       message of the case, whose turn comes too late, fails its invocation as it would in Lambda
 *       (after the first was posted);
 *   <li>no stack trace, exception class name, SQL or secret (the Slack webhook URL) in the
 *       output or in what was posted to Slack; no secret in a log line.
 * </ul>
 */
class AlertFanoutFuzzTest {

    private static final String HOOK =
            "/services/T000/B000/" + UUID.randomUUID().toString().replace("-", "");
    private static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());
    private static final Map<String, String> PREVIOUS = new LinkedHashMap<>();
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    private static final FuzzTally TALLY = new FuzzTally("alert-fanout");
    /**
     * Time for one post past the handler's margin: the 3 s AlertFanout keeps back for the last
     * post, AlertDelivery's 500 ms for a post and 700 ms for the case's work before it, less than
     * the second a second message of the case waits for its turn.
     */
    private static final long ONE_POST_MS = 4_200;
    /** AlertDelivery's word for a message whose turn would come after the deadline. */
    private static final String NEXT_SLOT_TOO_LATE = "the webhook's next slot is too late";
    /** Cases that posted to Slack. */
    private static long delivered;

    private static AlertFanoutHandler handler;
    private static CapturedLogs logs;
    /** Invocations that failed for Lambda to retry them (a message out of time). */
    private static long retried;

    @BeforeContainer
    static void start() {
        SLACK.start();
        SLACK.stubFor(
                post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        set("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        set("SLACK_WEBHOOK_URL", SLACK.baseUrl() + HOOK);
        // Messages go out at once: a fuzz case must not wait out a grouping window.
        set("ALERT_GROUP_INTERVAL", "PT0S");
        set("RUNBOOK_URL", "https://github.example/storepulse/blob/main/docs/operations/runbook.md");
        handler = new AlertFanoutHandler();
        warmUp();
        SECRETS.put("the Slack webhook's path", HOOK.substring("/services/".length()));
        logs = new CapturedLogs();
    }

    /**
     * One delivery before the run, with time to spare: the first case would otherwise spend its
     * time loading classes and opening connections, not posting.
     */
    private static void warmUp() {
        byte[] sample = EventMutations.repositoryEvents("alert-fanout-app-alert")
                .getFirst()
                .bytes();
        LambdaContextStandIn standIn = LambdaContextStandIn.of("alert-fanout", "warm-up");
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(sample),
                    new ByteArrayOutputStream(),
                    new LambdaContextStandIn(
                            standIn.getAwsRequestId(),
                            standIn.getFunctionName(),
                            standIn.getInvokedFunctionArn(),
                            standIn.getLogStreamName(),
                            System.currentTimeMillis() + AlertFanoutHandler.MARGIN.toMillis() + 10_000,
                            standIn.getMemoryLimitInMB(),
                            standIn.getLogger()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void set(String key, String value) {
        PREVIOUS.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @AfterContainer
    static void stop() {
        if (logs != null) {
            logs.close();
        }
        if (handler != null) {
            handler.close();
        }
        SLACK.stop();
        PREVIOUS.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        System.out.println("alert-fanout fuzz: " + delivered + " cases posted to Slack, " + retried
                + " of them failed for a retry (a second message out of time); posts by seed: " + POSTED_BY_SEED);
        List<Throwable> failures = new ArrayList<>();
        try {
            TALLY.finish();
        } catch (AssertionError e) {
            failures.add(e);
        }
        if (TALLY.cases() > 0) {
            // without ../shared (a laptop; CI requires it) a kind whose seeds are all AWS samples is not in the run
            Set<String> present = seeds().stream().map(Seed::name).collect(Collectors.toSet());
            POSTING_KINDS.forEach((kind, kindSeeds) -> {
                if (kindSeeds.stream().noneMatch(present::contains)) {
                    System.out.println("alert-fanout fuzz: no seed of \"" + kind + "\" in this run"
                            + " (../shared/corpora/aws-events is absent), so its post is not required");
                }
            });
            List<String> never = POSTING_KINDS.entrySet().stream()
                    .filter(kind -> kind.getValue().stream().anyMatch(present::contains))
                    .filter(kind ->
                            kind.getValue().stream().allMatch(seed -> POSTED_BY_SEED.getOrDefault(seed, 0L) == 0))
                    .map(kind -> kind.getKey() + " " + kind.getValue())
                    .sorted()
                    .toList();
            if (!never.isEmpty()) {
                failures.add(new AssertionError(
                        "seed kinds never posted to Slack in " + TALLY.cases() + " cases: " + never));
            }
        }
        FuzzTally.throwAll(failures);
    }

    /**
     * The kinds of event that are a firing alarm or an app alert, by their seeds: each kind must
     * have reached Slack at least once in the run (a handler that posted nothing would pass every
     * other property). A kind, not a seed: whether one seed's case posts depends on what Slack was
     * told before (a duplicate is not posted, and the database outlives a run). The resolved
     * alarm and the sweep's tick post only when something fired before, and AWS's plain SNS and
     * schedule samples are not alarms, so they are left out.
     */
    private static final Map<String, List<String>> POSTING_KINDS = Map.of(
            "app alert over SNS",
            List.of("alert-fanout-app-alert.json"),
            "CloudWatch alarm over SNS",
            List.of(
                    "alert-fanout-cloudwatch-alarm.json",
                    "cloudwatch-alarm-sns-payload-multiple-metrics.json",
                    "cloudwatch-alarm-sns-payload-single-metric.json"),
            "CloudWatch alarm event",
            List.of("cloudwatch_metric_alarm.json", "cloudwatch_composite_alarm.json"));

    /**
     * Every seed, not mutated, is taken without an exception (with time for its posts): the handler
     * refuses nothing, and a valid event must not fail its invocation. Whether it posts depends on
     * what Slack was told before (a duplicate is not posted), so the run's posts are counted above.
     */
    @Example
    void anUnmutatedSeedIsNeverRefused() {
        List<String> failed = new ArrayList<>();
        for (Seed seed : seeds()) {
            freeTheWebhooksTurn();
            LambdaContextStandIn standIn =
                    LambdaContextStandIn.of("alert-fanout", UUID.randomUUID().toString());
            try {
                handler.handleRequest(
                        new ByteArrayInputStream(seed.bytes()),
                        new ByteArrayOutputStream(),
                        new LambdaContextStandIn(
                                standIn.getAwsRequestId(),
                                standIn.getFunctionName(),
                                standIn.getInvokedFunctionArn(),
                                standIn.getLogStreamName(),
                                System.currentTimeMillis() + AlertFanoutHandler.MARGIN.toMillis() + 10_000,
                                standIn.getMemoryLimitInMB(),
                                standIn.getLogger()));
            } catch (IOException | RuntimeException e) {
                failed.add(seed.name() + ": " + FuzzValues.shown(String.valueOf(e)));
            }
        }
        if (!failed.isEmpty()) {
            throw new AssertionError("valid events failed: " + failed);
        }
    }

    /** Cases that posted to Slack, by the seed they were mutated from. */
    private static final Map<String, Long> POSTED_BY_SEED = new java.util.TreeMap<>();

    @Property(seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void nothingEscapesAndNothingLeaks(@ForAll("events") FuzzEvent event) {
        logs.take();
        SLACK.resetRequests();
        freeTheWebhooksTurn();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Violation> broken = new ArrayList<>();
        String answer;
        try {
            handler.handleRequest(new ByteArrayInputStream(event.bytes()), out, invocation());
            answer = out.toString(StandardCharsets.UTF_8);
        } catch (SlackDeliveryException e) {
            // The documented retry signal: the invocation fails and Lambda retries the event. With
            // Slack up and time for one post, the one reason is a second message of the case whose
            // turn (a second after the first post) comes after the deadline: so a post went out.
            answer = e.getMessage();
            if (answer != null && answer.contains(NEXT_SLOT_TOO_LATE) && posted() > 0) {
                retried++;
            } else {
                broken.add(new Violation(Kind.FAILURE, "escaped: " + e + " after " + posted() + " posts"));
            }
        } catch (IOException | RuntimeException e) {
            answer = String.valueOf(e.getMessage());
            broken.add(new Violation(Kind.FAILURE, "escaped: " + e));
        }
        String posted =
                SLACK
                        .findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(HOOK)))
                        .stream()
                        .map(LoggedRequest::getBodyAsString)
                        .collect(Collectors.joining("\n"));
        if (!posted.isEmpty()) {
            delivered++;
            POSTED_BY_SEED.merge(event.seed(), 1L, Long::sum);
        }
        broken.addAll(Leaks.inAnswer(answer, SECRETS));
        broken.addAll(Leaks.inMessage(posted, SECRETS).stream()
                .map(v -> new Violation(v.kind(), v.what() + " (posted to Slack)"))
                .toList());
        broken.addAll(Leaks.inLogs(logs.take(), SECRETS));
        TALLY.count(FuzzValues.shown(event.toString()) + " -> " + FuzzValues.shown(answer), false, broken);
    }

    private static int posted() {
        return SLACK.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(HOOK)))
                .size();
    }

    /**
     * Each case starts with the webhook's turn free, as a case of its own would in Lambda (the
     * previous case's post was a second ago or more): its first message posts at once.
     */
    private static void freeTheWebhooksTurn() {
        TestDatabase.shared()
                .jdbi()
                .useHandle(h -> h.execute("UPDATE alert_webhook_pace SET next_slot_at = clock_timestamp()"));
    }

    /**
     * An invocation with time for one post after the handler's margin ({@link #ONE_POST_MS}): Slack
     * takes at most a message a second per webhook, so a second message of the case does not wait
     * for its turn but fails the invocation (what it leaves is the sweep's).
     */
    private static LambdaContextStandIn invocation() {
        LambdaContextStandIn standIn =
                LambdaContextStandIn.of("alert-fanout", UUID.randomUUID().toString());
        return new LambdaContextStandIn(
                standIn.getAwsRequestId(),
                standIn.getFunctionName(),
                standIn.getInvokedFunctionArn(),
                standIn.getLogStreamName(),
                System.currentTimeMillis() + AlertFanoutHandler.MARGIN.toMillis() + ONE_POST_MS,
                standIn.getMemoryLimitInMB(),
                standIn.getLogger());
    }

    @Provide
    Arbitrary<FuzzEvent> events() {
        return EventMutations.of(seeds());
    }

    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("alert-fanout-"));
        seeds.addAll(EventMutations.awsSamples(
                "cloudwatch-alarm-sns-payload-multiple-metrics.json",
                "cloudwatch-alarm-sns-payload-single-metric.json",
                "cloudwatch_composite_alarm.json",
                "cloudwatch_metric_alarm.json",
                "sns-event.json",
                "sns_event.json",
                "cloudwatch_event.json"));
        return seeds;
    }
}
