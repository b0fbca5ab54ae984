package com.storepulse.alerts;

import com.storepulse.alerts.AlertRouting.Route;
import com.storepulse.alerts.AlertRouting.Windows;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;

/**
 * A fan-out on the real PostgreSQL (TestDatabase) posting through the real HTTP client to a Slack
 * stand-in (WireMock in the tests, the JDK's HTTP server in the bench). Each harness has webhooks of
 * its own names ({@code <prefix>-alerts}, and {@code <prefix>-oncall} for P0), so tests sharing
 * the database never share a group or a pace.
 */
public final class FanoutHarness {

    public final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    public final String alertsHook;
    public final String oncallHook;
    public final AlertRouting routing;
    public final AlertStore store;
    public final AlertSilences silences;
    public final AlertFanout fanout;
    public final AlertParser parser;

    /** @param slackBaseUrl the stand-in's address; webhook {@code h} is {@code <slackBaseUrl>/services/h} */
    public FanoutHarness(String slackBaseUrl, Duration groupInterval) {
        this(slackBaseUrl, groupInterval, TestDatabase.shared().jdbi());
    }

    /** On a database of the caller's (migrated): for what works on every row, as the sweep does. */
    public FanoutHarness(String slackBaseUrl, Duration groupInterval, Jdbi jdbi) {
        store = new AlertStore(jdbi);
        silences = new AlertSilences(jdbi, List.of());
        alertsHook = prefix + "-alerts";
        oncallHook = prefix + "-oncall";
        Map<String, Optional<String>> webhooks = new LinkedHashMap<>();
        webhooks.put(alertsHook, Optional.of(slackBaseUrl + path(alertsHook)));
        webhooks.put(oncallHook, Optional.of(slackBaseUrl + path(oncallHook)));
        routing = new AlertRouting(
                webhooks,
                List.of(
                        new Route(Set.of(Severity.P0), Optional.empty(), List.of(alertsHook, oncallHook)),
                        new Route(Set.of(), Optional.empty(), List.of(alertsHook))),
                Map.of(),
                Severity.P1);
        parser = new AlertParser(routing, InstantSource.system());
        fanout = fanout(store, routing, groupInterval, silences);
    }

    /**
     * The production fan-out: real store, delivery (real pace, real sleeps, real HTTP client),
     * messages with a runbook address, reminders after 4 hours.
     */
    public static AlertFanout fanout(
            AlertStore store, AlertRouting routing, Duration groupInterval, AlertSilences silences) {
        AlertDelivery delivery = new AlertDelivery(
                store,
                routing,
                Settings.of(Map.of()),
                new SlackWebhookClient(),
                Optional.empty(),
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
        return new AlertFanout(
                store,
                routing,
                new Windows(groupInterval, Duration.ofHours(4)),
                silences,
                new SlackMessages(Optional.of("https://example.test/docs/operations/runbook.md")),
                delivery,
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
    }

    /** A webhook's path on the stand-in. */
    public static String path(String hook) {
        return "/services/" + hook;
    }

    public AlertFanout.Report handle(String eventJson) {
        return handle(eventJson, deadline(30));
    }

    public AlertFanout.Report handle(String eventJson, Instant deadline) {
        return fanout.handle(parser.parse(eventJson.getBytes(StandardCharsets.UTF_8)), deadline);
    }

    /**
     * A burst of {@code notifications} alarm notifications, {@code threads} invocations at a time,
     * each with {@code budget} to go: the template's alarm names, P0 (the canary), P1 and P2 in a
     * mix, 50 alarms ({@link #burstAlarm}) flapping, a third of the notices resolved. Returns the
     * number of notices the invocations handled.
     */
    public int burst(int notifications, int threads, Duration budget) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<AlertFanout.Report>> results = new ArrayList<>();
            for (int i = 0; i < notifications; i++) {
                String name = switch (i % 4) {
                    case 0 -> "storepulse-" + prefix + "-health-canary";
                    case 1 -> "storepulse-" + prefix + "-cache-errors-" + (i % 20);
                    default -> burstAlarm(i % 50);
                };
                String event = alarmEvent(
                        prefix + "-burst-" + i, name, i % 3 == 0 ? "OK" : "ALARM", i % 3 == 0 ? "ALARM" : "OK");
                results.add(pool.submit(() -> handle(event, Instant.now().plus(budget))));
            }
            int notices = 0;
            for (Future<AlertFanout.Report> r : results) {
                notices += r.get().notices();
            }
            return notices;
        } finally {
            pool.shutdown();
        }
    }

    /** The name of the burst's flapping alarm {@code i} (0 to 49). */
    public String burstAlarm(int i) {
        return prefix + "-alarm-" + i;
    }

    static Instant deadline(int seconds) {
        return Instant.now().plusSeconds(seconds);
    }

    /** An SNS event carrying a CloudWatch alarm state change, as CloudWatch writes it. */
    public static String alarmEvent(String messageId, String alarmName, String newState, String oldState) {
        String message = "{\"AlarmName\":\"" + alarmName
                + "\",\"AlarmDescription\":\"Test alarm. Runbook docs/operations/runbook.md#api-errors\","
                + "\"AWSAccountId\":\"123456789012\",\"NewStateValue\":\"" + newState + "\","
                + "\"NewStateReason\":\"Threshold Crossed: 3 out of the last 5 datapoints [7.0 (07/12/26 10:00:00)] were greater than or equal to the threshold (5.0).\","
                + "\"StateChangeTime\":\"2026-12-07T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\","
                + "\"AlarmArn\":\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + alarmName + "\","
                + "\"OldStateValue\":\"" + oldState
                + "\",\"Trigger\":{\"MetricName\":\"Errors\",\"Namespace\":\"AWS/Lambda\","
                + "\"StatisticType\":\"Statistic\",\"Statistic\":\"SUM\",\"Unit\":null,\"Dimensions\":[{\"value\":\"storepulse-test-customer-api\",\"name\":\"FunctionName\"}],"
                + "\"Period\":60,\"EvaluationPeriods\":5,\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\",\"Threshold\":5.0}}";
        return "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\",\"Sns\":{\"Type\":\"Notification\","
                + "\"MessageId\":\"" + messageId
                + "\",\"TopicArn\":\"arn:aws:sns:eu-west-1:123456789012:storepulse-test-alerts\","
                + "\"Subject\":\"ALARM\",\"Message\":" + Json.write(message)
                + ",\"Timestamp\":\"2026-12-07T10:00:00.000Z\"}}]}";
    }
}
