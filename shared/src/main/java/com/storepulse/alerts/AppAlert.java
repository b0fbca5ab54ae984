package com.storepulse.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One of StorePulse's own alerts (a sync that keeps failing, webhook signatures failing in bulk),
 * published as the body of an SNS message to the alert topic and fanned out to Slack beside the
 * CloudWatch alarms. Its JSON shape, version 1:
 *
 * <pre>{@code
 * {"type": "storepulse.alert", "version": 1, "severity": "P1", "state": "firing",
 *  "title": "Azure SQL sync failing for source 12", "details": "...",
 *  "fingerprint": "sync-source-failing:12", "runbook": "sync-source-failing",
 *  "source": "azure-sync", "occurredAt": "2026-12-07T10:00:00Z"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code fingerprint} names the condition, not the occurrence: every alert with the same
 *       fingerprint is the same incident (firing, repeated, resolved), so the fan-out counts repeats
 *       instead of posting each one. A {@code resolved} alert with the fingerprint closes it.</li>
 *   <li>{@code runbook} is the anchor of the section of docs/operations/runbook.md to follow.</li>
 *   <li>No secret and no customer data: the title and details reach Slack and the logs. An e-mail
 *       address in either is refused.</li>
 * </ul>
 *
 * Anything that breaks these rules is refused with a {@link ValidationException} naming each field
 * (never quoting the input).
 */
public record AppAlert(
        String type,
        int version,
        Severity severity,
        State state,
        String title,
        String details,
        String fingerprint,
        String runbook,
        String source,
        Instant occurredAt) {

    public static final String TYPE = "storepulse.alert";
    public static final int VERSION = 1;
    public static final int MAX_TITLE = 200;
    public static final int MAX_DETAILS = 2_000;

    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,200}");
    private static final Pattern ANCHOR = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\"']+@[^\\s@<>()\"']+\\.[A-Za-z]{2,}");

    /** How urgent: docs/operations/runbook.md, "Severity levels". */
    public enum Severity {
        P0,
        P1,
        P2
    }

    /** Whether the condition holds ({@code firing}) or has ended ({@code resolved}). */
    public enum State {
        FIRING,
        RESOLVED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AppAlert {
        List<FieldError> errors = new ArrayList<>();
        if (!TYPE.equals(type)) {
            errors.add(new FieldError("type", "must be " + TYPE));
        }
        if (version != VERSION) {
            errors.add(new FieldError("version", "must be " + VERSION));
        }
        if (severity == null) {
            errors.add(new FieldError("severity", "must be P0, P1 or P2"));
        }
        if (state == null) {
            errors.add(new FieldError("state", "must be firing or resolved"));
        }
        text(errors, "title", title, MAX_TITLE, true);
        text(errors, "details", details, MAX_DETAILS, false);
        matches(errors, "fingerprint", fingerprint, FINGERPRINT, "1-200 letters, digits or ._:/@+=-");
        matches(errors, "runbook", runbook, ANCHOR, "an anchor of docs/operations/runbook.md (a-z, 0-9, -)");
        matches(errors, "source", source, SOURCE, "the publishing function's name (a-z, 0-9, -)");
        if (occurredAt == null) {
            errors.add(new FieldError("occurredAt", "must be an ISO-8601 instant"));
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
    }

    /** A firing alert of {@code source}, now. */
    public static AppAlert firing(
            Severity severity, String title, String details, String fingerprint, String runbook, String source) {
        return new AppAlert(
                TYPE, VERSION, severity, State.FIRING, title, details, fingerprint, runbook, source, Instant.now());
    }

    /** The alert that closes the incident {@code fingerprint} (severity and runbook as when it fired). */
    public static AppAlert resolved(
            Severity severity, String title, String details, String fingerprint, String runbook, String source) {
        return new AppAlert(
                TYPE, VERSION, severity, State.RESOLVED, title, details, fingerprint, runbook, source, Instant.now());
    }

    /** Whether a JSON object says it is an app alert (its {@code type}); {@link #parse} then validates it. */
    public static boolean claims(JsonNode node) {
        return node != null && node.isObject() && TYPE.equals(node.path("type").asText(null));
    }

    /** Reads and validates the JSON form. Errors name fields, never quote the input. */
    public static AppAlert parse(String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw ValidationException.of("body", "is not JSON");
        }
        return parse(node);
    }

    /** Reads and validates the JSON form. Errors name fields, never quote the input. */
    public static AppAlert parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        Severity severity = null;
        State state = null;
        Instant occurredAt = null;
        String severityText = textField(node, "severity");
        if (severityText != null) {
            try {
                severity = Severity.valueOf(severityText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("severity", "must be P0, P1 or P2"));
            }
        }
        String stateText = textField(node, "state");
        if (stateText != null) {
            state = switch (stateText) {
                case "firing" -> State.FIRING;
                case "resolved" -> State.RESOLVED;
                default -> {
                    errors.add(new FieldError("state", "must be firing or resolved"));
                    yield null;
                }
            };
        }
        String occurred = textField(node, "occurredAt");
        if (occurred != null) {
            try {
                occurredAt = Instant.parse(occurred);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("occurredAt", "must be an ISO-8601 instant"));
            }
        }
        int version = node.path("version").isInt() ? node.path("version").asInt() : -1;
        try {
            AppAlert alert = new AppAlert(
                    textField(node, "type"),
                    version,
                    severity,
                    state,
                    textField(node, "title"),
                    textField(node, "details"),
                    textField(node, "fingerprint"),
                    textField(node, "runbook"),
                    textField(node, "source"),
                    occurredAt);
            if (!errors.isEmpty()) {
                throw ValidationException.of(errors);
            }
            return alert;
        } catch (ValidationException e) {
            List<FieldError> all = new ArrayList<>(errors);
            e.fieldErrors().stream()
                    .filter(f ->
                            errors.stream().noneMatch(known -> known.field().equals(f.field())))
                    .forEach(all::add);
            throw ValidationException.of(all);
        }
    }

    /** The JSON form (the SNS message body). */
    public String toJson() {
        return Json.write(this);
    }

    private static String textField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static void text(List<FieldError> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (EMAIL.matcher(value).find()) {
            errors.add(new FieldError(field, "must not contain an e-mail address (no customer data in alerts)"));
        }
    }

    private static void matches(List<FieldError> errors, String field, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be " + rule));
        }
    }
}
