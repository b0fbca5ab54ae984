package com.storepulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where alerts go and how urgent each alarm is: configuration, never code (docs/operations/alerting.md,
 * "Routing"). From the setting {@value #ROUTING_SETTING} (JSON), else the defaults: every alert to
 * the one webhook {@code alerts} whose URL is {@value #DEFAULT_WEBHOOK_SETTING}.
 *
 * <pre>{@code
 * {"webhooks": {"alerts": "secretsmanager:storepulse/prod/slack-alerts",
 *               "oncall": "secretsmanager:storepulse/prod/slack-oncall"},
 *  "routes": [{"severities": ["P0"], "webhooks": ["alerts", "oncall"]},
 *             {"alarms": "storepulse-*-azure-sync-*", "webhooks": ["alerts"]},
 *             {"webhooks": ["alerts"]}],
 *  "severities": {"storepulse-*-cache-errors": "P1"}}
 * }</pre>
 *
 * <ul>
 *   <li>A webhook's value is its URL or, better, a {@code secretsmanager:}/{@code ssm:} reference,
 *       resolved when a message is sent (never during init, so never in a SnapStart snapshot).</li>
 *   <li>Routes are tried in order; the first whose {@code severities} (if given) and {@code alarms}
 *       name pattern (if given; {@code *} and {@code ?}) both match decides the webhooks. No match:
 *       the last route's webhooks.</li>
 *   <li>An alarm's severity: the first matching {@code severities} pattern, then the defaults
 *       below (which match the runbook), then {@value #DEFAULT_SEVERITY_SETTING} (P1). App alerts
 *       carry their own severity.</li>
 * </ul>
 */
public final class AlertRouting {

    public static final String ROUTING_SETTING = "ALERT_ROUTING";
    public static final String DEFAULT_WEBHOOK_SETTING = "SLACK_WEBHOOK_URL";
    public static final String DEFAULT_SEVERITY_SETTING = "ALERT_DEFAULT_SEVERITY";
    public static final String DEFAULT_WEBHOOK = "alerts";

    /** The template's alarms (names {@code storepulse-<stage>-...}): severity and runbook anchor as in the runbook. */
    static final List<AlarmDefault> DEFAULTS = List.of(
            new AlarmDefault("storepulse-*-health-canary", Severity.P0, "api-errors"),
            new AlarmDefault("storepulse-*-customer-api-errors", Severity.P1, "api-errors"),
            new AlarmDefault("storepulse-*-api-5xx-rate", Severity.P1, "api-errors"),
            new AlarmDefault("storepulse-*-api-p95-latency", Severity.P1, "slow-api"),
            new AlarmDefault("storepulse-*-webhook-intake-errors", Severity.P1, "webhook-errors"),
            new AlarmDefault("storepulse-*-webhook-signature-failures", Severity.P2, "webhook-signature-failures"),
            new AlarmDefault("storepulse-*-alert-fanout-errors", Severity.P1, "alerts-not-delivered"),
            new AlarmDefault("storepulse-*-alert-dlq-not-empty", Severity.P1, "alerts-not-delivered"),
            new AlarmDefault("storepulse-*-lambda-throttles", Severity.P1, "throttling"),
            new AlarmDefault("storepulse-*-azure-sync-errors", Severity.P2, "sync-failed"),
            new AlarmDefault("storepulse-*-azure-sync-function-errors", Severity.P2, "sync-failed"),
            new AlarmDefault("storepulse-*-sync-dlq-not-empty", Severity.P2, "sync-dead-letters"),
            new AlarmDefault("storepulse-*-sync-source-lagging", Severity.P2, "sync-source-lagging"),
            new AlarmDefault("storepulse-*-cache-errors", Severity.P2, "cache-down"),
            new AlarmDefault("storepulse-*-usage-flush-*", Severity.P2, "usage-flush-failing"),
            new AlarmDefault("unrecognised:*", Severity.P2, "unrecognised-alert"));

    /** A default severity and runbook anchor for alarms whose name matches. */
    record AlarmDefault(String pattern, Severity severity, String runbook) {}

    /** One route: which alerts (all given conditions must match) go to which webhooks. */
    public record Route(Set<Severity> severities, Optional<String> alarms, List<String> webhooks) {

        boolean matches(Severity severity, String name) {
            return (severities.isEmpty() || severities.contains(severity))
                    && alarms.map(p -> glob(p).matcher(name).matches()).orElse(true);
        }
    }

    private final Map<String, Optional<String>> webhooks;
    private final List<Route> routes;
    private final Map<Pattern, Severity> severities;
    private final Severity defaultSeverity;

    public AlertRouting(
            Map<String, Optional<String>> webhooks,
            List<Route> routes,
            Map<String, Severity> severities,
            Severity defaultSeverity) {
        if (routes.isEmpty()) {
            throw new ConfigurationException("setting " + ROUTING_SETTING + " needs at least one route");
        }
        for (Route route : routes) {
            if (route.webhooks().isEmpty()) {
                throw new ConfigurationException("setting " + ROUTING_SETTING + ": every route names a webhook");
            }
            for (String webhook : route.webhooks()) {
                if (!webhooks.containsKey(webhook)) {
                    throw new ConfigurationException(
                            "setting " + ROUTING_SETTING + ": route names webhook '" + webhook + "', not defined");
                }
            }
        }
        this.webhooks = Map.copyOf(webhooks);
        this.routes = List.copyOf(routes);
        Map<Pattern, Severity> compiled = new LinkedHashMap<>();
        severities.forEach((pattern, severity) -> compiled.put(glob(pattern), severity));
        this.severities = compiled;
        this.defaultSeverity = defaultSeverity;
    }

    /** Every alert to the webhook {@code alerts} at {@code webhookUrl} (empty: none configured). */
    public static AlertRouting single(Optional<String> webhookUrl) {
        return new AlertRouting(
                Map.of(DEFAULT_WEBHOOK, webhookUrl),
                List.of(new Route(Set.of(), Optional.empty(), List.of(DEFAULT_WEBHOOK))),
                Map.of(),
                Severity.P1);
    }

    /** From {@value #ROUTING_SETTING}, or the single-webhook default. Reads no secret. */
    public static AlertRouting from(Settings settings) {
        Severity fallback = severity(settings.get(DEFAULT_SEVERITY_SETTING, "P1"), DEFAULT_SEVERITY_SETTING);
        Optional<String> json = settings.get(ROUTING_SETTING);
        if (json.isEmpty()) {
            AlertRouting single = single(rawSetting(settings, DEFAULT_WEBHOOK_SETTING));
            return new AlertRouting(single.webhooks, single.routes, Map.of(), fallback);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json.get());
        } catch (IOException e) {
            throw new ConfigurationException("setting " + ROUTING_SETTING + " is not JSON");
        }
        Map<String, Optional<String>> webhooks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("webhooks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().asText("");
            webhooks.put(e.getKey(), value.isBlank() ? Optional.empty() : Optional.of(value));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : root.path("routes")) {
            Set<Severity> severities = new LinkedHashSet<>();
            for (JsonNode s : r.path("severities")) {
                severities.add(severity(s.asText(), ROUTING_SETTING));
            }
            List<String> targets = new ArrayList<>();
            r.path("webhooks").forEach(w -> targets.add(w.asText()));
            Optional<String> alarms =
                    r.hasNonNull("alarms") ? Optional.of(r.get("alarms").asText()) : Optional.empty();
            routes.add(new Route(Set.copyOf(severities), alarms, targets));
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("severities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            severities.put(e.getKey(), severity(e.getValue().asText(), ROUTING_SETTING));
        }
        return new AlertRouting(webhooks, routes, severities, fallback);
    }

    /** The webhooks an alert of this severity and name goes to (at least one). */
    public List<String> webhooksFor(Severity severity, String name) {
        for (Route route : routes) {
            if (route.matches(severity, name)) {
                return route.webhooks();
            }
        }
        return routes.getLast().webhooks();
    }

    /** The configured URL or reference of a webhook; empty where none is set (the local stack prints instead). */
    public Optional<String> webhookReference(String webhook) {
        return webhooks.getOrDefault(webhook, Optional.empty());
    }

    public Set<String> webhooks() {
        return webhooks.keySet();
    }

    /** An alarm's severity: configuration, then the runbook's defaults, then the fallback. */
    public Severity severityOfAlarm(String alarmName) {
        for (Map.Entry<Pattern, Severity> e : severities.entrySet()) {
            if (e.getKey().matcher(alarmName).matches()) {
                return e.getValue();
            }
        }
        return defaultFor(alarmName).map(AlarmDefault::severity).orElse(defaultSeverity);
    }

    /** The runbook anchor the runbook gives a template alarm, by name. */
    public static Optional<String> defaultRunbook(String alarmName) {
        return defaultFor(alarmName).map(AlarmDefault::runbook);
    }

    private static Optional<AlarmDefault> defaultFor(String alarmName) {
        return DEFAULTS.stream()
                .filter(d -> glob(d.pattern()).matcher(alarmName).matches())
                .findFirst();
    }

    /** {@code *} any characters, {@code ?} one; everything else literal. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static Severity severity(String text, String setting) {
        try {
            return Severity.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("setting " + setting + ": severity must be P0, P1 or P2");
        }
    }

    /** The setting as written (a reference stays a reference: it is resolved when a message is sent). */
    private static Optional<String> rawSetting(Settings settings, String key) {
        return settings.raw(key);
    }

    /** Grouping windows: docs/operations/alerting.md, "Grouping". */
    public record Windows(Duration groupInterval, Duration repeatInterval) {
        public static final String GROUP_INTERVAL_SETTING = "ALERT_GROUP_INTERVAL";
        public static final String REPEAT_INTERVAL_SETTING = "ALERT_REPEAT_INTERVAL";

        public Windows {
            if (groupInterval.isNegative() || groupInterval.compareTo(Duration.ofSeconds(40)) > 0) {
                throw new ConfigurationException("setting " + GROUP_INTERVAL_SETTING
                        + " must be between 0 and 40 seconds (one invocation waits it out)");
            }
            if (repeatInterval.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigurationException("setting " + REPEAT_INTERVAL_SETTING + " must be at least a minute");
            }
        }

        public static Windows from(Settings settings) {
            return new Windows(
                    settings.getDuration(GROUP_INTERVAL_SETTING, Duration.ofSeconds(30)),
                    settings.getDuration(REPEAT_INTERVAL_SETTING, Duration.ofHours(4)));
        }
    }
}
