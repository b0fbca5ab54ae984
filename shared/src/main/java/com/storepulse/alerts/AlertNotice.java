package com.storepulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.AppAlert.State;
import com.storepulse.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One notification the fan-out received, whatever its source, in the shape the rest of the
 * fan-out works with: which condition ({@link #fingerprint}), whether it fires or is resolved,
 * how urgent, and what to show.
 *
 * @param messageId the SNS message id (or EventBridge event id): a retried invocation carries the
 *     same one, so it is recorded once
 * @param kind where it came from
 * @param fingerprint the condition: an alarm's name, an app alert's fingerprint; every notice of
 *     one fingerprint is the same incident
 * @param name what Slack shows as the alert's name (the alarm name, the app alert's title)
 * @param summary one line: the alarm's state reason, the app alert's details (never a payload)
 * @param threshold what crossed which threshold ({@code Errors Sum >= 5 over 60 s, 3 of 5}), if known
 * @param since when the alarm changed state (CloudWatch's StateChangeTime), else when it occurred
 * @param runbook anchor in docs/operations/runbook.md, if known
 * @param consoleUrl the alarm in the AWS console, if it is a CloudWatch alarm with an ARN
 * @param previousAlarm whether the alarm says it was in ALARM before (a resolved notice is owed
 *     even if our state was lost)
 * @param details further lines (composite alarm's rule and triggering alarms, app alert source)
 */
public record AlertNotice(
        String messageId,
        Kind kind,
        String fingerprint,
        String name,
        State state,
        Severity severity,
        String summary,
        Optional<String> threshold,
        Instant since,
        Optional<String> runbook,
        Optional<String> consoleUrl,
        boolean previousAlarm,
        List<String> details) {

    /** Where a notice came from. */
    public enum Kind {
        CLOUDWATCH_ALARM,
        COMPOSITE_ALARM,
        APP_ALERT,
        /** Not a shape the fan-out knows: reported once, never dropped silently. */
        UNRECOGNISED
    }

    public AlertNotice {
        messageId = storable(messageId);
        fingerprint = storable(fingerprint);
        name = storable(name);
        summary = storable(summary);
        threshold = threshold.map(AlertNotice::storable);
        runbook = runbook.map(AlertNotice::storable);
        consoleUrl = consoleUrl.map(AlertNotice::storable);
        details = details.stream().map(AlertNotice::storable).toList();
    }

    /**
     * PostgreSQL's text and jsonb cannot hold U+0000, and an alert must never be dropped for what
     * its sender put in a field, so a NUL becomes U+FFFD: the notice is stored, deduplicated by
     * the same (replaced) message id on every redelivery, and shown.
     */
    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    public boolean firing() {
        return state == State.FIRING;
    }

    /** The stored form (alert_notice.notice, alert_state.last_payload). */
    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("messageId", messageId);
        node.put("kind", kind.name());
        node.put("fingerprint", fingerprint);
        node.put("name", name);
        node.put("state", state.json());
        node.put("severity", severity.name());
        node.put("summary", summary);
        threshold.ifPresent(t -> node.put("threshold", t));
        node.put("since", since.toString());
        runbook.ifPresent(r -> node.put("runbook", r));
        consoleUrl.ifPresent(c -> node.put("consoleUrl", c));
        node.put("previousAlarm", previousAlarm);
        details.forEach(node.putArray("details")::add);
        return Json.write(node);
    }

    /** Reads {@link #toJson()}'s form. */
    public static AlertNotice fromJson(String json) {
        try {
            JsonNode n = Json.mapper().readTree(json);
            List<String> details = new ArrayList<>();
            n.path("details").forEach(d -> details.add(d.asText()));
            return new AlertNotice(
                    n.path("messageId").asText(),
                    Kind.valueOf(n.path("kind").asText()),
                    n.path("fingerprint").asText(),
                    n.path("name").asText(),
                    "firing".equals(n.path("state").asText()) ? State.FIRING : State.RESOLVED,
                    Severity.valueOf(n.path("severity").asText()),
                    n.path("summary").asText(""),
                    Optional.ofNullable(n.path("threshold").asText(null)),
                    Instant.parse(n.path("since").asText()),
                    Optional.ofNullable(n.path("runbook").asText(null)),
                    Optional.ofNullable(n.path("consoleUrl").asText(null)),
                    n.path("previousAlarm").asBoolean(false),
                    details);
        } catch (IOException e) {
            throw new IllegalStateException("a stored alert notice is not JSON", e);
        }
    }
}
