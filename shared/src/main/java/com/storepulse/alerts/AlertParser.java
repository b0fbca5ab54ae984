package com.storepulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AlertNotice.Kind;
import com.storepulse.alerts.AppAlert.State;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads what reaches the fan-out into {@link AlertNotice}s:
 *
 * <ul>
 *   <li>an SNS event ({@code Records[].Sns}) whose message is a CloudWatch alarm state change (a
 *       metric alarm with {@code Trigger.MetricName}, a metric-math alarm with
 *       {@code Trigger.Metrics[]}, or a composite alarm with {@code AlarmRule}), or an
 *       {@link AppAlert};</li>
 *   <li>a CloudWatch alarm state change delivered directly ({@code source: aws.cloudwatch},
 *       {@code alarmData}: a Lambda alarm action), metric or composite;</li>
 *   <li>anything else: one {@link Kind#UNRECOGNISED} notice that says what it was without quoting
 *       it (its top-level field names, its size, the topic), so it is reported, never dropped.</li>
 * </ul>
 *
 * Nothing here throws on input: a payload it cannot read becomes an unrecognised notice.
 */
public final class AlertParser {

    /** CloudWatch writes {@code 2015-06-03T17:43:27.123+0000} (no colon in the offset). */
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private static final Pattern RUNBOOK = Pattern.compile("runbook\\.md#([a-z0-9][a-z0-9-]{0,79})");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    static final int MAX_SUMMARY = 600;
    static final int MAX_DETAIL = 300;

    private final AlertRouting routing;
    private final InstantSource clock;

    /** @param clock the time of a notice that carries none (an unreadable payload, an unreadable time) */
    public AlertParser(AlertRouting routing, InstantSource clock) {
        this.routing = routing;
        this.clock = clock;
    }

    /** Whether an event is a schedule's tick (EventBridge Scheduler or a rule): the sweep, not a notice. */
    public static boolean isSchedule(JsonNode event) {
        return event != null
                && "Scheduled Event".equals(event.path("detail-type").asText(null))
                && event.path("source").asText("").matches("aws\\.(events|scheduler)");
    }

    /** Every notice in an event's raw bytes. */
    public List<AlertNotice> parse(byte[] event) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(event);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return List.of(unrecognised(digest(event), "invocation", "not a JSON object", event.length, null));
        }
        return parse(node, digest(event));
    }

    private List<AlertNotice> parse(JsonNode event, String eventDigest) {
        JsonNode records = event.get("Records");
        if (records != null && records.isArray() && !records.isEmpty()) {
            List<AlertNotice> notices = new ArrayList<>();
            int i = 0;
            for (JsonNode record : records) {
                JsonNode sns = record.get("Sns");
                String id = eventDigest + ":" + i++;
                if (sns == null || !sns.isObject()) {
                    notices.add(unrecognised(id, "record", "a record without Sns", 0, keys(record)));
                } else {
                    notices.add(fromSns(sns, id));
                }
            }
            return notices;
        }
        if ("aws.cloudwatch".equals(event.path("source").asText(null)) && event.has("alarmData")) {
            String id = text(event, "id").orElse(eventDigest);
            try {
                return List.of(fromAlarmEvent(event, id));
            } catch (RuntimeException e) {
                return List.of(
                        unrecognised(id, "event", "a CloudWatch alarm event that could not be read", 0, keys(event)));
            }
        }
        return List.of(unrecognised(
                text(event, "id").orElse(eventDigest),
                "invocation",
                "neither SNS nor a CloudWatch alarm event",
                0,
                keys(event)));
    }

    private AlertNotice fromSns(JsonNode sns, String fallbackId) {
        String messageId = text(sns, "MessageId").orElse(fallbackId);
        String message = sns.path("Message").asText("");
        String topic = text(sns, "TopicArn").map(AlertParser::topicName).orElse("unknown topic");
        JsonNode body;
        try {
            body = Json.mapper().readTree(message);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return unrecognised(messageId, "SNS message on " + topic, "not JSON", message.length(), null);
        }
        if (AppAlert.claims(body)) {
            try {
                return fromAppAlert(AppAlert.parse(body), messageId);
            } catch (ValidationException e) {
                String fields = e.fieldErrors().stream().map(FieldError::field).collect(Collectors.joining(", "));
                return unrecognised(
                        messageId,
                        "SNS message on " + topic,
                        "an app alert with invalid fields: " + fields,
                        message.length(),
                        keys(body));
            }
        }
        if (body.hasNonNull("AlarmName") && body.hasNonNull("NewStateValue")) {
            try {
                return fromSnsAlarm(body, messageId);
            } catch (RuntimeException e) {
                return unrecognised(
                        messageId,
                        "SNS message on " + topic,
                        "a CloudWatch alarm that could not be read",
                        message.length(),
                        keys(body));
            }
        }
        return unrecognised(
                messageId,
                "SNS message on " + topic,
                "neither a CloudWatch alarm nor an app alert",
                message.length(),
                keys(body));
    }

    private AlertNotice fromSnsAlarm(JsonNode alarm, String messageId) {
        boolean composite = alarm.has("AlarmRule");
        List<String> children = new ArrayList<>();
        for (JsonNode child : alarm.path("TriggeringChildren")) {
            text(child, "Arn").map(AlertParser::alarmNameOfArn).ifPresent(children::add);
        }
        return alarmNotice(new AlarmChange(
                messageId,
                alarm.get("AlarmName").asText(),
                alarm.get("NewStateValue").asText(),
                "ALARM".equals(alarm.path("OldStateValue").asText(null)),
                alarm.path("NewStateReason").asText(""),
                text(alarm, "StateChangeTime"),
                text(alarm, "AlarmDescription"),
                text(alarm, "AlarmArn"),
                composite ? Optional.of(alarm.path("AlarmRule").asText("")) : Optional.empty(),
                children,
                composite ? Optional.empty() : threshold(alarm.path("Trigger"))));
    }

    /** A state change delivered straight from CloudWatch (a Lambda alarm action). */
    private AlertNotice fromAlarmEvent(JsonNode event, String id) {
        JsonNode data = event.get("alarmData");
        JsonNode state = data.path("state");
        JsonNode configuration = data.path("configuration");
        boolean composite = configuration.has("alarmRule");
        List<String> children = new ArrayList<>();
        if (composite) {
            try {
                JsonNode reasonData =
                        Json.mapper().readTree(state.path("reasonData").asText("{}"));
                for (JsonNode child : reasonData.path("triggeringAlarms")) {
                    text(child, "arn").map(AlertParser::alarmNameOfArn).ifPresent(children::add);
                }
            } catch (IOException e) {
                // the reason text still says which child changed
            }
        }
        return alarmNotice(new AlarmChange(
                id,
                data.get("alarmName").asText(),
                state.path("value").asText(),
                "ALARM".equals(data.path("previousState").path("value").asText(null)),
                state.path("reason").asText(""),
                text(state, "timestamp"),
                text(configuration, "description"),
                text(event, "alarmArn"),
                composite ? Optional.of(configuration.path("alarmRule").asText("")) : Optional.empty(),
                children,
                composite ? Optional.empty() : metricsThreshold(configuration.path("metrics"))));
    }

    /**
     * A CloudWatch alarm's state change, however it was delivered (inside SNS, or as a direct alarm
     * action, whose field names differ), with what its notice needs.
     *
     * @param rule a composite alarm's rule; empty for a metric alarm
     * @param triggeringChildren a composite alarm's children that changed it
     * @param threshold a metric alarm's trigger, if it could be read
     */
    private record AlarmChange(
            String id,
            String name,
            String newState,
            boolean wasAlarm,
            String reason,
            Optional<String> changedAt,
            Optional<String> description,
            Optional<String> alarmArn,
            Optional<String> rule,
            List<String> triggeringChildren,
            Optional<String> threshold) {}

    private AlertNotice alarmNotice(AlarmChange change) {
        List<String> details = new ArrayList<>();
        change.rule().ifPresent(rule -> {
            details.add("Rule: " + clip(rule, MAX_DETAIL));
            if (!change.triggeringChildren().isEmpty()) {
                details.add("Triggered by: " + clip(String.join(", ", change.triggeringChildren()), MAX_DETAIL));
            }
        });
        change.description().filter(d -> !d.isBlank()).ifPresent(d -> details.add(clip(d, MAX_DETAIL)));
        String name = change.name();
        return new AlertNotice(
                change.id(),
                change.rule().isPresent() ? Kind.COMPOSITE_ALARM : Kind.CLOUDWATCH_ALARM,
                "alarm:" + name,
                name,
                "ALARM".equals(change.newState()) ? State.FIRING : State.RESOLVED,
                routing.severityOfAlarm(name),
                stateWord(change.newState()) + clip(change.reason(), MAX_SUMMARY),
                change.threshold(),
                cloudWatchTime(change.changedAt()).orElseGet(clock::instant),
                runbook(change.description(), name),
                change.alarmArn().flatMap(arn -> consoleUrl(arn, name)),
                change.wasAlarm(),
                details);
    }

    /** The metrics of a directly delivered alarm's configuration ({@code metricStat} or an expression). */
    private static Optional<String> metricsThreshold(JsonNode metricsNode) {
        List<String> metrics = new ArrayList<>();
        for (JsonNode m : metricsNode) {
            JsonNode stat = m.path("metricStat");
            if (stat.isObject()) {
                metrics.add(stat.path("metric").path("namespace").asText("") + " "
                        + stat.path("metric").path("name").asText("") + " "
                        + stat.path("stat").asText("")
                        + " over " + stat.path("period").asInt() + " s");
            } else if (m.has("expression")) {
                metrics.add(m.path("expression").asText());
            }
        }
        return metrics.isEmpty() ? Optional.empty() : Optional.of(clip(String.join("; ", metrics), MAX_DETAIL));
    }

    static AlertNotice fromAppAlert(AppAlert alert, String messageId) {
        List<String> details = new ArrayList<>();
        details.add("Source: " + alert.source());
        return new AlertNotice(
                messageId,
                Kind.APP_ALERT,
                alert.fingerprint(),
                alert.title(),
                alert.state(),
                alert.severity(),
                alert.details() == null ? "" : alert.details(),
                Optional.empty(),
                alert.occurredAt(),
                Optional.of(alert.runbook()),
                Optional.empty(),
                false,
                details);
    }

    private AlertNotice unrecognised(String messageId, String what, String why, int bytes, JsonNode fields) {
        StringBuilder summary = new StringBuilder("An ")
                .append(what)
                .append(" the fan-out could not read: ")
                .append(why);
        if (fields != null) {
            summary.append("; top-level fields: ").append(clip(fields.toString(), 200));
        }
        if (bytes > 0) {
            summary.append(" (").append(bytes).append(" bytes)");
        }
        summary.append(". Its content is not shown here or logged.");
        String fingerprint = "unrecognised:" + messageId;
        return new AlertNotice(
                messageId,
                Kind.UNRECOGNISED,
                fingerprint,
                "Unrecognised alert payload",
                State.FIRING,
                routing.severityOfAlarm(fingerprint),
                summary.toString(),
                Optional.empty(),
                clock.instant(),
                Optional.of("unrecognised-alert"),
                Optional.empty(),
                false,
                List.of());
    }

    /** What crossed which threshold: a metric alarm's or a metric-math alarm's trigger. */
    static Optional<String> threshold(JsonNode trigger) {
        if (trigger == null || !trigger.isObject()) {
            return Optional.empty();
        }
        String what;
        if (trigger.hasNonNull("MetricName")) {
            String statistic = text(trigger, "ExtendedStatistic")
                    .or(() -> text(trigger, "Statistic"))
                    .orElse("");
            what = trigger.path("Namespace").asText("") + " "
                    + trigger.get("MetricName").asText() + " " + statistic.toLowerCase(java.util.Locale.ROOT)
                    + dimensions(trigger.path("Dimensions"));
        } else if (trigger.path("Metrics").isArray() && !trigger.path("Metrics").isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode m : trigger.path("Metrics")) {
                if (m.path("ReturnData").asBoolean(false) && m.has("Expression")) {
                    parts.add(
                            0,
                            text(m, "Label").orElse(m.path("Id").asText()) + " = "
                                    + m.get("Expression").asText());
                } else if (m.has("MetricStat")) {
                    JsonNode metric = m.path("MetricStat").path("Metric");
                    parts.add(m.path("Id").asText() + " = "
                            + metric.path("Namespace").asText("") + " "
                            + metric.path("MetricName").asText("") + " "
                            + m.path("MetricStat").path("Stat").asText("").toLowerCase(java.util.Locale.ROOT)
                            + dimensions(metric.path("Dimensions")));
                }
            }
            what = String.join("; ", parts);
        } else {
            return Optional.empty();
        }
        String operator = switch (trigger.path("ComparisonOperator").asText("")) {
            case "GreaterThanOrEqualToThreshold" -> "≥";
            case "GreaterThanThreshold" -> ">";
            case "LessThanThreshold" -> "<";
            case "LessThanOrEqualToThreshold" -> "≤";
            case "LessThanLowerOrGreaterThanUpperThreshold" -> "outside the band";
            case "GreaterThanUpperThreshold" -> "above the band";
            case "LessThanLowerThreshold" -> "below the band";
            default -> trigger.path("ComparisonOperator").asText("?");
        };
        StringBuilder out = new StringBuilder(what.strip()).append(' ').append(operator);
        if (trigger.has("Threshold")) {
            out.append(' ').append(number(trigger.get("Threshold").asDouble()));
        } else if (trigger.has("ThresholdMetricId")) {
            out.append(' ').append(trigger.get("ThresholdMetricId").asText());
        }
        int periods = trigger.path("EvaluationPeriods").asInt(0);
        int period = trigger.path("Period").asInt(0);
        if (period == 0 && trigger.path("Metrics").isArray()) {
            for (JsonNode m : trigger.path("Metrics")) {
                period = Math.max(period, m.path("MetricStat").path("Period").asInt(0));
            }
        }
        if (period > 0) {
            out.append(" for ")
                    .append(periods > 0 ? periods + " × " : "")
                    .append(period)
                    .append(" s");
        }
        return Optional.of(clip(out.toString(), MAX_DETAIL));
    }

    private static String dimensions(JsonNode dimensions) {
        if (!dimensions.isArray() || dimensions.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode d : dimensions) {
            parts.add(d.path("name").asText() + "=" + d.path("value").asText());
        }
        return " (" + String.join(", ", parts) + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String stateWord(String cloudWatchState) {
        return "INSUFFICIENT_DATA".equals(cloudWatchState) ? "No data (INSUFFICIENT_DATA). " : "";
    }

    private static Optional<String> runbook(Optional<String> description, String alarmName) {
        if (description.isPresent()) {
            Matcher m = RUNBOOK.matcher(description.get());
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return AlertRouting.defaultRunbook(alarmName);
    }

    /** The alarm in the CloudWatch console of its region; none where the ARN has no real region. */
    static Optional<String> consoleUrl(String alarmArn, String alarmName) {
        String[] parts = alarmArn.split(":", 7);
        if (parts.length < 4 || !REGION.matcher(parts[3]).matches()) {
            return Optional.empty();
        }
        String region = parts[3];
        String host = region.startsWith("cn-") ? "console.amazonaws.cn" : "console.aws.amazon.com";
        return Optional.of("https://" + region + "." + host + "/cloudwatch/home?region=" + region + "#alarmsV2:alarm/"
                + URLEncoder.encode(alarmName, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    static Optional<Instant> cloudWatchTime(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get(), CLOUDWATCH_TIME).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    private static String alarmNameOfArn(String arn) {
        int i = arn.indexOf(":alarm:");
        return i < 0 ? arn : arn.substring(i + ":alarm:".length());
    }

    private static String topicName(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** Field names only, sorted: never values. */
    private static JsonNode keys(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return Json.mapper().valueToTree(names);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.asText().isEmpty()
                ? Optional.of(value.asText())
                : Optional.empty();
    }

    static String clip(String text, int max) {
        String flat = text.strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
