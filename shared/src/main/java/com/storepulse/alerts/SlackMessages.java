package com.storepulse.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Slack message (Block Kit, inside an attachment so it carries a colour bar) for a group's
 * alerts. State and severity show at a glance (emoji in the header and on each alert, the bar's
 * colour); each alert says what crossed which threshold and since when, and links its runbook
 * section and the alarm in the AWS console. Slack's limits hold whatever comes in: at most
 * {@value #MAX_BLOCKS} blocks (alerts beyond them are listed by name in one last block), at most
 * {@value #MAX_TEXT} characters per text, {@value #MAX_HEADER} in the header; longer text is cut
 * with an ellipsis.
 */
public final class SlackMessages {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_TEXT = 3_000;
    public static final int MAX_HEADER = 150;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Why a message is sent. */
    public enum Purpose {
        /** New states of the group's alerts. */
        NOTIFY,
        /** Alerts still firing after the repeat interval. */
        REPEAT
    }

    /**
     * One alert of a message: its latest notice and how many notices of it the window held.
     *
     * @param flapped whether the window held both firing and resolved notices of it
     */
    public record GroupedAlert(AlertNotice latest, int notices, boolean flapped) {}

    private final Optional<String> runbookUrl;

    /** @param runbookUrl the runbook's address ({@code .../docs/operations/runbook.md}); empty: anchors as text */
    public SlackMessages(Optional<String> runbookUrl) {
        this.runbookUrl = runbookUrl.map(u -> u.replaceAll("#.*$", ""));
    }

    /** The message body (JSON) for {@code alerts}, all of one severity. */
    public String render(Severity severity, Purpose purpose, List<GroupedAlert> alerts, Instant now) {
        long firing = alerts.stream().filter(a -> a.latest().firing()).count();
        long resolved = alerts.size() - firing;
        long notices = alerts.stream().mapToLong(GroupedAlert::notices).sum();
        boolean anyFiring = firing > 0;
        boolean unrecognised = alerts.stream().allMatch(a -> a.latest().kind() == AlertNotice.Kind.UNRECOGNISED);

        String headline = headline(severity, purpose, firing, resolved, unrecognised);
        ObjectNode body = Json.mapper().createObjectNode();
        String first = alerts.isEmpty() ? "" : alerts.getFirst().latest().name();
        body.put(
                "text",
                clip(
                        headline
                                + (first.isEmpty() ? "" : ": " + first)
                                + (alerts.size() > 1 ? " and " + (alerts.size() - 1) + " more" : ""),
                        MAX_TEXT));
        ArrayNode attachments = body.putArray("attachments");
        ObjectNode attachment = attachments.addObject();
        attachment.put("color", anyFiring ? colour(severity) : "#2EB67D");
        ArrayNode blocks = attachment.putArray("blocks");

        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        ObjectNode headerText = header.putObject("text");
        headerText.put("type", "plain_text");
        headerText.put("text", clip(headline, MAX_HEADER));
        headerText.put("emoji", true);

        // header + context at the end + possibly one "and N more" block
        int room = MAX_BLOCKS - 3;
        List<GroupedAlert> shown = alerts.size() <= room + 1 ? alerts : alerts.subList(0, room);
        for (GroupedAlert alert : shown) {
            section(blocks, alertText(alert, purpose, now));
        }
        if (shown.size() < alerts.size()) {
            List<String> names = new ArrayList<>();
            for (GroupedAlert rest : alerts.subList(shown.size(), alerts.size())) {
                names.add(emoji(rest.latest().firing(), severity) + " "
                        + escape(rest.latest().name()));
            }
            section(blocks, "*…and " + (alerts.size() - shown.size()) + " more:* " + String.join(", ", names));
        }
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ObjectNode contextText = context.putArray("elements").addObject();
        contextText.put("type", "mrkdwn");
        contextText.put(
                "text",
                clip(
                        "StorePulse alert-fanout · " + severity + " · " + alerts.size()
                                + (alerts.size() == 1 ? " alert" : " alerts") + " from " + notices
                                + (notices == 1 ? " notification" : " notifications") + " · " + TIME.format(now),
                        MAX_TEXT));
        return Json.write(body);
    }

    private String alertText(GroupedAlert alert, Purpose purpose, Instant now) {
        AlertNotice n = alert.latest();
        StringBuilder text = new StringBuilder();
        text.append(emoji(n.firing(), n.severity()))
                .append(' ')
                .append(
                        n.kind() == AlertNotice.Kind.UNRECOGNISED
                                ? "*UNRECOGNISED*"
                                : n.firing() ? "*FIRING*" : "*RESOLVED*")
                .append(" · *")
                .append(escape(n.name()))
                .append("*\n");
        if (!n.summary().isBlank()) {
            text.append(escape(n.summary())).append('\n');
        }
        n.threshold()
                .ifPresent(t -> text.append("*Threshold:* ").append(escape(t)).append('\n'));
        if (n.kind() != AlertNotice.Kind.UNRECOGNISED) {
            Duration age = Duration.between(n.since(), now);
            text.append(n.firing() ? "*Firing since:* " : "*Resolved at:* ").append(TIME.format(n.since()));
            if (n.firing() && !age.isNegative()) {
                text.append(" (").append(human(age)).append(')');
            }
            text.append('\n');
        }
        for (String detail : n.details()) {
            text.append(escape(detail)).append('\n');
        }
        List<String> links = new ArrayList<>();
        n.runbook()
                .ifPresent(anchor -> links.add(runbookUrl
                        .map(url -> "<" + url + "#" + anchor + "|Runbook: " + anchor + ">")
                        .orElse("Runbook: docs/operations/runbook.md#" + anchor)));
        n.consoleUrl().ifPresent(url -> links.add("<" + url + "|Alarm in the AWS console>"));
        if (!links.isEmpty()) {
            text.append(String.join(" · ", links)).append('\n');
        }
        if (purpose == Purpose.REPEAT) {
            text.append("_Still firing: a reminder._");
        } else if (alert.notices() > 1) {
            text.append('_')
                    .append(alert.notices())
                    .append(" notifications in this window")
                    .append(alert.flapped() ? " (flapping)" : "")
                    .append("_");
        }
        // The links and the last lines matter most: cut the middle (the summary) if too long.
        return clipMiddle(text.toString().strip(), MAX_TEXT);
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode text = section.putObject("text");
        text.put("type", "mrkdwn");
        text.put("text", clip(mrkdwn, MAX_TEXT));
    }

    static String headline(Severity severity, Purpose purpose, long firing, long resolved, boolean unrecognised) {
        if (unrecognised) {
            return "❓ " + severity + " · unrecognised alert payload";
        }
        List<String> parts = new ArrayList<>();
        if (firing > 0) {
            parts.add(firing + " firing");
        }
        if (resolved > 0) {
            parts.add(resolved + " resolved");
        }
        String lead = firing > 0 ? emoji(true, severity) : emoji(false, severity);
        return lead + " " + severity + " · " + String.join(", ", parts)
                + (purpose == Purpose.REPEAT ? " (reminder)" : "");
    }

    static String emoji(boolean firing, Severity severity) {
        if (!firing) {
            return "✅";
        }
        return switch (severity) {
            case P0 -> "🚨";
            case P1 -> "🔴";
            case P2 -> "🟠";
        };
    }

    static String colour(Severity severity) {
        return switch (severity) {
            case P0 -> "#8B0000";
            case P1 -> "#E01E5A";
            case P2 -> "#ECB22E";
        };
    }

    private static String human(Duration age) {
        long minutes = age.toMinutes();
        if (minutes < 1) {
            return age.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = age.toHours();
        return hours < 48 ? hours + " h " + (minutes % 60) + " min" : age.toDays() + " days";
    }

    /** Slack mrkdwn: &, < and > are control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String clipMiddle(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keepEnd = max / 3;
        int keepStart = max - keepEnd - 1;
        return text.substring(0, keepStart) + "…" + text.substring(text.length() - keepEnd);
    }
}
