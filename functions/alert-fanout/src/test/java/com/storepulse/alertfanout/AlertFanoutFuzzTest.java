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
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
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
 *       signal (the invocation fails and Lambda retries the event): each case has 50 ms past the
 *       handler's margin, since Slack takes one message a second per webhook, so a message that
 *       does not get its turn in time fails its invocation as it would in Lambda;
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
        SECRETS.put("the Slack webhook's path", HOOK.substring("/services/".length()));
        logs = new CapturedLogs();
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
        System.out.println("alert-fanout fuzz: " + retried + " invocations failed for a retry (out of time)");
        TALLY.finish();
    }

    @Property(seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void nothingEscapesAndNothingLeaks(@ForAll("events") FuzzEvent event) {
        logs.take();
        SLACK.resetRequests();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Violation> broken = new ArrayList<>();
        String answer;
        try {
            handler.handleRequest(new ByteArrayInputStream(event.bytes()), out, invocation());
            answer = out.toString(StandardCharsets.UTF_8);
        } catch (SlackDeliveryException e) {
            // The documented retry signal: the invocation fails and Lambda retries the event. With
            // Slack up it is the short invocation's doing: a message that did not get its turn.
            answer = e.getMessage();
            retried++;
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
        broken.addAll(Leaks.inAnswer(answer, SECRETS));
        broken.addAll(Leaks.inMessage(posted, SECRETS).stream()
                .map(v -> new Violation(v.kind(), v.what() + " (posted to Slack)"))
                .toList());
        broken.addAll(Leaks.inLogs(logs.take(), SECRETS));
        TALLY.count(event + " -> " + answer, false, broken);
    }

    /**
     * An invocation with 50 ms to spare after the handler's margin: Slack takes at most a message a
     * second per webhook, and a case must not wait for its turn (what it leaves is the sweep's).
     */
    private static LambdaContextStandIn invocation() {
        LambdaContextStandIn standIn =
                LambdaContextStandIn.of("alert-fanout", UUID.randomUUID().toString());
        return new LambdaContextStandIn(
                standIn.getAwsRequestId(),
                standIn.getFunctionName(),
                standIn.getInvokedFunctionArn(),
                standIn.getLogStreamName(),
                System.currentTimeMillis() + AlertFanoutHandler.MARGIN.toMillis() + 50,
                standIn.getMemoryLimitInMB(),
                standIn.getLogger());
    }

    @Provide
    Arbitrary<FuzzEvent> events() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("alert-fanout-"));
        seeds.addAll(EventMutations.awsSamples(
                "cloudwatch-alarm-sns-payload-multiple-metrics.json",
                "cloudwatch-alarm-sns-payload-single-metric.json",
                "cloudwatch_composite_alarm.json",
                "cloudwatch_metric_alarm.json",
                "sns-event.json",
                "sns_event.json",
                "cloudwatch_event.json"));
        return EventMutations.of(seeds);
    }
}
