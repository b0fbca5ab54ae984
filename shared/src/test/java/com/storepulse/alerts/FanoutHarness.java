package com.storepulse.alerts;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.storepulse.alerts.AlertRouting.Route;
import com.storepulse.alerts.AlertRouting.Windows;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.config.Settings;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A fan-out on the real PostgreSQL (TestDatabase) posting through the real HTTP client to WireMock
 * as Slack. Each harness has webhooks of its own names ({@code <prefix>-alerts}, and
 * {@code <prefix>-oncall} for P0), so tests sharing the database never share a group or a pace.
 */
final class FanoutHarness {

    final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    final String alertsHook;
    final String oncallHook;
    final AlertRouting routing;
    final AlertStore store = new AlertStore(TestDatabase.shared().jdbi());
    final AlertSilences silences = new AlertSilences(TestDatabase.shared().jdbi(), List.of());
    final AlertFanout fanout;
    final AlertParser parser;

    FanoutHarness(WireMockServer slack, Duration groupInterval) {
        alertsHook = prefix + "-alerts";
        oncallHook = prefix + "-oncall";
        Map<String, Optional<String>> webhooks = new LinkedHashMap<>();
        webhooks.put(alertsHook, Optional.of(slack.baseUrl() + "/services/" + alertsHook));
        webhooks.put(oncallHook, Optional.of(slack.baseUrl() + "/services/" + oncallHook));
        routing = new AlertRouting(
                webhooks,
                List.of(
                        new Route(Set.of(Severity.P0), Optional.empty(), List.of(alertsHook, oncallHook)),
                        new Route(Set.of(), Optional.empty(), List.of(alertsHook))),
                Map.of(),
                Severity.P1);
        parser = new AlertParser(routing);
        AlertDelivery delivery = new AlertDelivery(
                store,
                routing,
                Settings.of(Map.of()),
                new SlackWebhookClient(),
                Optional.empty(),
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
        fanout = new AlertFanout(
                store,
                routing,
                new Windows(groupInterval, Duration.ofHours(4)),
                silences,
                new SlackMessages(Optional.of("https://example.test/docs/operations/runbook.md")),
                delivery,
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
    }

    String path(String hook) {
        return "/services/" + hook;
    }

    AlertFanout.Report handle(String eventJson) {
        return fanout.handle(parser.parse(eventJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)), deadline(30));
    }

    static Instant deadline(int seconds) {
        return Instant.now().plusSeconds(seconds);
    }

    static List<LoggedRequest> posts(WireMockServer slack, String path) {
        return slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(path)));
    }

    /** An SNS event carrying a CloudWatch alarm state change, as CloudWatch writes it. */
    static String alarmEvent(String messageId, String alarmName, String newState, String oldState) {
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
                + "\"Subject\":\"ALARM\",\"Message\":" + com.storepulse.json.Json.write(message)
                + ",\"Timestamp\":\"2026-12-07T10:00:00.000Z\"}}]}";
    }
}
