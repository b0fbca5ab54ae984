package com.storepulse.logscan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never appear in a log line (issue 15): an API key, an admin key, a webhook secret, a
 * database password, a customer's e-mail address. The rules recognise each by its shape (an API
 * key's format, a {@code whsec_} secret, the tests' admin keys, {@code password=} values, JSON
 * password fields and URL passwords, any e-mail address) and the passwords the tests plant on purpose. The local stack's
 * banner shows its demo API key and demo webhook secret: the one documented exception, and only on
 * the banner's own lines (its {@code demo API key:} line, the {@code curl} line under it with the
 * same key, its {@code demo webhook source:} line), each matched whole; the same key or secret on
 * any other line is a finding.
 */
final class LogScan {

    /** One thing found: which rule, the line number and the line, with the secret masked. */
    record Finding(String rule, int lineNumber, String line) {
        @Override
        public String toString() {
            return rule + " at line " + lineNumber + ": " + line;
        }
    }

    private record Rule(String name, Pattern pattern, int group) {}

    private static final List<Rule> RULES = List.of(
            new Rule("API key", Pattern.compile("sp_live_[a-z0-9]{8}_[A-Za-z0-9]{32}"), 0),
            new Rule("webhook secret", Pattern.compile("whsec_[A-Za-z0-9+/=]{16,}"), 0),
            // The tests' admin keys: "admin-" + two UUIDs, or "admin-" + 40 letters.
            new Rule("admin key", Pattern.compile("admin-(?:[0-9a-f]{8}-[0-9a-f]{4}-|k{40})"), 0),
            // The jar-start test's admin key (the deployed stack's parameter): "admin-" + 48 hex digits.
            new Rule("admin key (hex)", Pattern.compile("admin-[0-9a-f]{48}"), 0),
            new Rule("password", Pattern.compile("(?i)password\\s*[=:]\\s*['\"]?([^\\s'\"&;,)}\\]]+)"), 1),
            // A JSON field named like a password ("password", "dbPassword"), also inside a JSON
            // string that holds JSON (\"password\":\"x\"), as a logged request body would.
            new Rule("password in JSON", Pattern.compile("(?i)password\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)"), 1),
            new Rule("password in a URL", Pattern.compile("://[^/\\s:@\"']+:([^/\\s@\"']+)@"), 1),
            new Rule("planted password", Pattern.compile("Pa55-never-shown|hunter2"), 0),
            // Not the user:password@host of a URL (the rule above), only an address standing alone.
            new Rule(
                    "e-mail address",
                    Pattern.compile(
                            "(?<![\\w.%+:/-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
                    0));

    /** What a password field may show: a mask or a placeholder, not a value. */
    private static final Set<String> MASKS =
            Set.of("***", "****", "*****", "<redacted>", "redacted", "null", "<password>");

    // The banner's lines, whole (LocalStack.printBanner): the one value each shows is allowed on it.
    private static final Pattern BANNER_KEY =
            Pattern.compile("^ {2}demo API key: (sp_live_[a-z0-9]{8}_[A-Za-z0-9]{32})$");
    private static final Pattern BANNER_CURL = Pattern.compile(
            "^ {4}curl -s -H 'x-api-key: (sp_live_[a-z0-9]{8}_[A-Za-z0-9]{32})' 'http://[^\\s']+/v1/stores'$");
    private static final Pattern BANNER_WEBHOOK_SECRET = Pattern.compile(
            "^ {2}demo webhook source: http://\\S+/v1/webhooks/\\S+ {2}secret (whsec_[A-Za-z0-9+/=]{16,}) {2}\\(docs/webhooks\\.md, \"Try it\"\\)$");

    private LogScan() {}

    /**
     * Whether a file (its path in the repository) is a test run's output the scan reads: each test
     * class's stdout and stderr as surefire and failsafe keep them ({@code target/*-reports/*-output.txt},
     * every module's, bench's too), and the log of each function jar the jar-start test ran under
     * Lambda's runtime interface client ({@code target/jar-start/<function>/runtime.log}), which
     * goes to that file and not to the test's output.
     */
    static boolean isTestOutput(Path path) {
        Path parent = path.getParent();
        if (parent == null || parent.getFileName() == null) {
            return false;
        }
        String name = path.getFileName().toString();
        if (name.endsWith("-output.txt")) {
            return parent.getFileName().toString().matches("(surefire|failsafe)-reports");
        }
        Path jarStart = parent.getParent();
        return name.equals("runtime.log")
                && jarStart != null
                && jarStart.getFileName().toString().equals("jar-start")
                && jarStart.getParent() != null
                && jarStart.getParent().getFileName() != null
                && jarStart.getParent().getFileName().toString().equals("target");
    }

    /** The findings in one output (a test class's captured stdout and stderr). */
    static List<Finding> scan(List<String> lines) {
        List<Finding> findings = new ArrayList<>();
        String bannerKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // Only on a banner line itself: the value it shows (the curl line: the key of the banner's
            // demo API key line above it).
            String allowed = null;
            Matcher key = BANNER_KEY.matcher(line);
            Matcher curl = BANNER_CURL.matcher(line);
            Matcher secret = BANNER_WEBHOOK_SECRET.matcher(line);
            if (key.matches()) {
                bannerKey = key.group(1);
                allowed = bannerKey;
            } else if (curl.matches() && curl.group(1).equals(bannerKey)) {
                allowed = bannerKey;
            } else if (secret.matches()) {
                allowed = secret.group(1);
            }
            for (Rule rule : RULES) {
                Matcher m = rule.pattern().matcher(line);
                while (m.find()) {
                    String found = m.group(rule.group());
                    if (!found.equals(allowed) && !MASKS.contains(found)) {
                        findings.add(new Finding(rule.name(), i + 1, mask(line, found)));
                    }
                }
            }
        }
        return findings;
    }

    /**
     * The line shortened around the finding, with every secret any rule sees in it cut to its first
     * four characters: a line holding two keys must not show the second one in the report.
     */
    private static String mask(String line, String found) {
        String masked = maskAll(line);
        String shown = shortened(found);
        int at = Math.max(0, masked.indexOf(shown));
        int from = Math.max(0, at - 80);
        int to = Math.min(masked.length(), at + shown.length() + 40);
        return masked.substring(from, to);
    }

    private static String maskAll(String line) {
        String masked = line;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(masked);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String whole = m.group();
                int start = m.start(rule.group()) - m.start();
                int end = m.end(rule.group()) - m.start();
                String replaced = whole.substring(0, start) + shortened(m.group(rule.group())) + whole.substring(end);
                m.appendReplacement(out, Matcher.quoteReplacement(replaced));
            }
            m.appendTail(out);
            masked = out.toString();
        }
        return masked;
    }

    private static String shortened(String secret) {
        return secret.length() <= 4 ? "****" : secret.substring(0, 4) + "****";
    }
}
