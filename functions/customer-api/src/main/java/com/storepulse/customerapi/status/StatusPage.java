package com.storepulse.customerapi.status;

import com.storepulse.status.StatusReport;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The status page's HTML: one small document (a few KB), inline CSS only, no script, no font, no
 * image, readable on a phone (a single column that wraps; nothing wider than the screen).
 * Sections: {@code #summary}, {@code #components}, {@code #sync}, {@code #open-incidents},
 * {@code #history}.
 */
final class StatusPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private StatusPage() {}

    static String render(StatusReport report) {
        StringBuilder html = new StringBuilder(4096);
        html.append("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>StorePulse status</title>
                <style>
                  *{box-sizing:border-box}
                  body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:44rem;padding:1rem;color:#1f2328;background:#fff}
                  h1{font-size:1.5rem;margin:.5rem 0}
                  h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
                  ul{list-style:none;padding:0;margin:0}
                  li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;padding:.5rem 0;border-bottom:1px solid #eaeef2;overflow-wrap:anywhere}
                  .banner{padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
                  .operational{color:#1a7f37}.degraded,.delayed,.retrying,.never-synced{color:#9a6700}.down,.major-outage{color:#cf222e}
                  .banner.operational{background:#dafbe1}.banner.degraded{background:#fff8c5}.banner.major-outage{background:#ffebe9}
                  .muted{color:#57606a;font-size:.9rem}
                </style>
                </head>
                <body>
                <h1>StorePulse status</h1>
                """);
        html.append("<section id=\"summary\"><p class=\"banner ")
                .append(css(report.overall()))
                .append("\">")
                .append(
                        switch (report.overall()) {
                            case "operational" -> "All systems operational";
                            case "degraded" -> "Some systems are degraded";
                            default -> "Major outage";
                        })
                .append("</p></section>\n");

        html.append("<section id=\"components\"><h2>Components</h2><ul>\n");
        for (StatusReport.Component c : report.components()) {
            item(html, c.name(), c.status(), label(c.status()));
        }
        html.append("</ul></section>\n");

        html.append("<section id=\"sync\"><h2>Data sync</h2>");
        if (report.syncSources().isEmpty()) {
            html.append("<p class=\"muted\">No sync sources have run yet.</p>");
        } else {
            html.append("<ul>\n");
            for (StatusReport.SyncSource s : report.syncSources()) {
                String when = s.lastSuccessAt()
                        .map(t -> "last success " + ago(s.ageSeconds().orElse(0L)) + " (" + TIME.format(t) + ")")
                        .orElse("no successful run yet");
                item(html, s.name(), s.status(), label(s.status()) + " · " + when);
            }
            html.append("</ul>");
        }
        html.append("</section>\n");

        html.append("<section id=\"open-incidents\"><h2>Open incidents</h2>");
        incidents(html, report.openIncidents(), "No open incidents.");
        html.append("</section>\n");

        html.append("<section id=\"history\"><h2>Last 7 days</h2>");
        incidents(html, report.recentIncidents(), "No incidents in the last 7 days.");
        html.append("</section>\n");

        html.append("<p class=\"muted\">Updated ")
                .append(TIME.format(report.generatedAt()))
                .append(". Also as <a href=\"status.json\">JSON</a>.</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void incidents(StringBuilder html, List<StatusReport.Incident> incidents, String none) {
        if (incidents.isEmpty()) {
            html.append("<p class=\"muted\">").append(none).append("</p>");
            return;
        }
        html.append("<ul>\n");
        for (StatusReport.Incident i : incidents) {
            String when = "since " + TIME.format(i.startedAt())
                    + i.resolvedAt().map(r -> ", resolved " + TIME.format(r)).orElse("");
            item(
                    html,
                    i.severity() + " · " + i.affects(),
                    i.resolvedAt().isPresent() ? "operational" : "degraded",
                    when);
        }
        html.append("</ul>");
    }

    private static void item(StringBuilder html, String name, String status, String text) {
        html.append("<li><span>")
                .append(escape(name))
                .append("</span><span class=\"")
                .append(css(status))
                .append("\">")
                .append(escape(text))
                .append("</span></li>\n");
    }

    private static String label(String status) {
        return switch (status) {
            case "operational" -> "Operational";
            case "degraded" -> "Degraded";
            case "down" -> "Down";
            case "delayed" -> "Delayed";
            case "retrying" -> "Retrying";
            case "never synced" -> "Never synced";
            default -> status;
        };
    }

    private static String ago(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toMinutes() < 1) {
            return seconds + " s ago";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days ago";
    }

    private static String css(String status) {
        return status.replace(' ', '-');
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
