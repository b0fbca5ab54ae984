package com.storepulse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AlertNotice.Kind;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.AppAlert.State;
import com.storepulse.alerts.SlackMessages.GroupedAlert;
import com.storepulse.alerts.SlackMessages.Purpose;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AWS's own alarm samples (../shared/corpora/aws-events/) into notices and Block Kit messages. */
class AlertParserTest {

    private static final Instant NOW = Instant.parse("2015-06-03T18:43:28Z");
    private final AlertParser parser =
            new AlertParser(AlertRouting.single(Optional.of("https://hooks.example/x")), () -> NOW);
    private final SlackMessages slack = new SlackMessages(Optional.of("https://docs.example/runbook.md"));

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(SharedFixtures.require("corpora/aws-events/" + name));
    }

    private JsonNode message(AlertNotice notice) throws IOException {
        return Json.mapper()
                .readTree(slack.render(
                        notice.severity(), Purpose.NOTIFY, List.of(new GroupedAlert(notice, 1, false)), NOW));
    }

    private static String allText(JsonNode message) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("attachments").path(0).path("blocks")) {
            text.append(block.path("text").path("text").asText()).append('\n');
            block.path("elements")
                    .forEach(e -> text.append(e.path("text").asText()).append('\n'));
        }
        return text.toString();
    }

    @Test
    void singleMetricAlarmThroughSns() throws IOException {
        List<AlertNotice> notices = parser.parse(sample("cloudwatch-alarm-sns-payload-single-metric.json"));
        assertEquals(1, notices.size());
        AlertNotice n = notices.getFirst();
        assertEquals(Kind.CLOUDWATCH_ALARM, n.kind());
        assertEquals("95df01b4-ee98-5cb9-9903-4c221d41eb5e", n.messageId());
        assertEquals("alarm:EXAMPLE", n.fingerprint());
        assertEquals(State.FIRING, n.state());
        assertEquals(Severity.P1, n.severity());
        assertEquals(Instant.parse("2015-06-03T17:43:27.123Z"), n.since());
        assertEquals(
                Optional.of("AWS/EC2 NetworkOut average (InstanceId=TestInstance) > 0 for 1 × 60 s"), n.threshold());
        assertTrue(n.consoleUrl().isEmpty(), "the sample's ARN has no real region: no console link");

        JsonNode message = message(n);
        assertEquals(
                "#E01E5A", message.path("attachments").path(0).path("color").asText());
        JsonNode blocks = message.path("attachments").path(0).path("blocks");
        assertEquals("header", blocks.path(0).path("type").asText());
        assertEquals(
                "🔴 P1 · 1 firing", blocks.path(0).path("text").path("text").asText());
        String text = allText(message);
        assertTrue(text.contains("🔴 *FIRING* · *EXAMPLE*"), text);
        assertTrue(
                text.contains("*Threshold:* AWS/EC2 NetworkOut average (InstanceId=TestInstance) &gt; 0 for 1 × 60 s"),
                text);
        assertTrue(text.contains("*Firing since:* 2015-06-03 17:43:27 UTC (1 h 0 min)"), text);
        assertTrue(text.contains("Threshold Crossed: 1 out of the last 1 datapoints [1234.0"), text);
        assertTrue(message.path("text").asText().startsWith("🔴 P1 · 1 firing: EXAMPLE"));
    }

    @Test
    void metricMathAlarmThroughSns() throws IOException {
        AlertNotice n = parser.parse(sample("cloudwatch-alarm-sns-payload-multiple-metrics.json"))
                .getFirst();
        assertEquals(Kind.CLOUDWATCH_ALARM, n.kind());
        assertEquals(
                Optional.of(
                        "Expression1 = m1*1; m1 = AWS/EC2 NetworkOut average (InstanceId=TestInstance) > 0 for 1 × 60 s"),
                n.threshold());
        assertFiringMessage(
                message(n),
                "EXAMPLE",
                "Expression1 = m1*1; m1 = AWS/EC2 NetworkOut average (InstanceId=TestInstance) &gt; 0 for 1 × 60 s",
                "2015-06-03 17:43:27 UTC");
    }

    @Test
    void compositeAlarmDeliveredDirectly() throws IOException {
        AlertNotice n = parser.parse(sample("cloudwatch_composite_alarm.json")).getFirst();
        assertEquals(Kind.COMPOSITE_ALARM, n.kind());
        assertEquals("CompositeDemo.Main", n.name());
        assertEquals(State.FIRING, n.state());
        assertTrue(n.previousAlarm());
        assertEquals(
                List.of(
                        "Rule: ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)",
                        "Triggered by: CompositeDemo.FirstChild"),
                n.details());
        assertEquals(
                Optional.of(
                        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/CompositeDemo.Main"),
                n.consoleUrl());
        String text = allText(message(n));
        assertTrue(
                text.contains(
                        "<https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/CompositeDemo.Main|Alarm in the AWS console>"),
                text);
        assertTrue(text.contains("Triggered by: CompositeDemo.FirstChild"), text);
    }

    @Test
    void metricAlarmDeliveredDirectly() throws IOException {
        AlertNotice n = parser.parse(sample("cloudwatch_metric_alarm.json")).getFirst();
        assertEquals(Kind.CLOUDWATCH_ALARM, n.kind());
        assertEquals("lambda-demo-metric-alarm", n.name());
        assertEquals(Instant.parse("2023-08-04T12:36:15.490Z"), n.since());
        assertTrue(
                n.threshold().orElseThrow().contains("AWS/Logs CallCount Average over 60 s"),
                n.threshold().toString());
        assertTrue(n.details().contains("Metric Alarm to test Lambda actions"));
        JsonNode message = message(n);
        assertFiringMessage(
                message,
                "lambda-demo-metric-alarm",
                n.threshold().orElseThrow().replace(">", "&gt;"),
                "2023-08-04 12:36:15 UTC");
        assertTrue(allText(message).contains("Metric Alarm to test Lambda actions"), allText(message));
    }

    /** What on-call sees for a P1 alarm that fires: colour, header, the alarm's line, threshold, since. */
    private static void assertFiringMessage(JsonNode message, String name, String threshold, String since) {
        assertEquals(
                "#E01E5A", message.path("attachments").path(0).path("color").asText());
        JsonNode blocks = message.path("attachments").path(0).path("blocks");
        assertEquals("header", blocks.path(0).path("type").asText());
        assertEquals(
                "🔴 P1 · 1 firing", blocks.path(0).path("text").path("text").asText());
        String text = allText(message);
        assertTrue(text.contains("🔴 *FIRING* · *" + name + "*"), text);
        assertTrue(text.contains("*Threshold:* " + threshold), text);
        assertTrue(text.contains("*Firing since:* " + since), text);
        assertTrue(message.path("text").asText().startsWith("🔴 P1 · 1 firing: " + name), message.toString());
    }

    @Test
    void anSnsMessageThatIsNeitherIsReportedWithoutItsContent() throws IOException {
        AlertNotice n = parser.parse(sample("sns_event.json")).getFirst();
        assertEquals(Kind.UNRECOGNISED, n.kind());
        assertEquals("dc918f50-80c6-56a2-ba33-d8a9bbf013ab", n.messageId());
        assertTrue(n.summary().contains("[\"id\",\"name\"]"), n.summary());
        assertFalse(n.summary().contains("Bob"), "never the message's values");
        assertEquals(Optional.of("unrecognised-alert"), n.runbook());
        assertEquals(Severity.P2, n.severity());
        assertEquals(NOW, n.since(), "an unrecognised payload's time is the parser's clock");
        JsonNode message = message(n);
        assertTrue(message.path("attachments")
                .path(0)
                .path("blocks")
                .path(0)
                .path("text")
                .path("text")
                .asText()
                .contains("unrecognised"));
    }

    @Test
    void anythingElseIsOneUnrecognisedNotice() {
        assertEquals(
                Kind.UNRECOGNISED,
                parser.parse("not json".getBytes()).getFirst().kind());
        assertEquals(
                Kind.UNRECOGNISED,
                parser.parse("{\"hello\":1}".getBytes()).getFirst().kind());
        assertEquals(
                parser.parse("{\"hello\":1}".getBytes()).getFirst().messageId(),
                parser.parse("{\"hello\":1}".getBytes()).getFirst().messageId(),
                "the same payload again (a retry) is the same notice");
    }

    @Test
    void appAlertsCarryTheirOwnSeverityAndRunbook() {
        AppAlert alert = AppAlert.firing(
                Severity.P2,
                "Sync failing for source 12",
                "3 runs failed",
                "sync-source-failing:12",
                "sync-failed",
                "azure-sync");
        String event =
                "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:t\",\"Message\":"
                        + Json.write(alert.toJson()) + "}}]}";
        AlertNotice n = parser.parse(event.getBytes()).getFirst();
        assertEquals(Kind.APP_ALERT, n.kind());
        assertEquals("sync-source-failing:12", n.fingerprint());
        assertEquals(Severity.P2, n.severity());
        assertEquals(Optional.of("sync-failed"), n.runbook());
        assertEquals("3 runs failed", n.summary());
    }

    @Test
    void anInvalidAppAlertIsReportedNamingItsFields() {
        String event =
                "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"m-2\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:t\",\"Message\":"
                        + Json.write("{\"type\":\"storepulse.alert\",\"version\":1,\"severity\":\"P9\"}") + "}}]}";
        AlertNotice n = parser.parse(event.getBytes()).getFirst();
        assertEquals(Kind.UNRECOGNISED, n.kind());
        assertTrue(n.summary().contains("severity"), n.summary());
    }

    @Test
    void templateAlarmsGetTheRunbooksSeverity() {
        AlertRouting routing = AlertRouting.single(Optional.empty());
        assertEquals(Severity.P0, routing.severityOfAlarm("storepulse-prod-health-canary"));
        assertEquals(Severity.P2, routing.severityOfAlarm("storepulse-prod-azure-sync-errors"));
        assertEquals(Severity.P1, routing.severityOfAlarm("storepulse-prod-customer-api-errors"));
        assertEquals(Severity.P1, routing.severityOfAlarm("someone-elses-alarm"));
    }

    @Test
    void messagesStayWithinSlacksLimits() throws IOException {
        List<GroupedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            alerts.add(new GroupedAlert(
                    new AlertNotice(
                            "m" + i,
                            Kind.APP_ALERT,
                            "f" + i,
                            "alert " + i + " " + "x".repeat(190),
                            State.FIRING,
                            Severity.P1,
                            "y".repeat(5_000),
                            Optional.of("z".repeat(400)),
                            NOW,
                            Optional.of("api-errors"),
                            Optional.empty(),
                            false,
                            List.of("d".repeat(400))),
                    3,
                    true));
        }
        JsonNode message = Json.mapper().readTree(slack.render(Severity.P1, Purpose.NOTIFY, alerts, NOW));
        JsonNode blocks = message.path("attachments").path(0).path("blocks");
        assertEquals(SlackMessages.MAX_BLOCKS, blocks.size());
        for (JsonNode block : blocks) {
            assertTrue(block.path("text").path("text").asText().length() <= SlackMessages.MAX_TEXT);
            block.path("elements")
                    .forEach(e -> assertTrue(e.path("text").asText().length() <= SlackMessages.MAX_TEXT));
        }
        assertTrue(blocks.path(0).path("text").path("text").asText().length() <= SlackMessages.MAX_HEADER);
        assertTrue(blocks.path(48).path("text").path("text").asText().startsWith("*…and 73 more:*"));
        assertTrue(
                blocks.path(1)
                        .path("text")
                        .path("text")
                        .asText()
                        .contains("<https://docs.example/runbook.md#api-errors|Runbook: api-errors>"),
                "the links survive the cut");
    }
}
