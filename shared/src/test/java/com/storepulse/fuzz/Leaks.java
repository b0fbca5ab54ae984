package com.storepulse.fuzz;

import com.storepulse.fuzz.FuzzTally.Kind;
import com.storepulse.fuzz.FuzzTally.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What no answer may carry (a stack trace, an exception class name, SQL, a secret) and what no log
 * line may carry (a secret). The secrets are the run's own: keys, webhook secrets, passwords and
 * URLs the fuzz test set up, by a label a failure prints instead of the value.
 */
public final class Leaks {

    static final Pattern STACK_TRACE = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d+\\)");
    static final Pattern EXCEPTION_CLASS = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b");
    static final Pattern SQL = Pattern.compile(
            "(?i)\\b(select\\s.+\\sfrom|insert\\s+into|update\\s.+\\sset|delete\\s+from)\\b|org\\.postgresql|SQLState"
                    + "|\\bERROR:|violates\\s|duplicate key|relation \"|syntax error at");

    private Leaks() {}

    /** An answer (a response's body and headers, a function's output, an exception's message). */
    public static List<Violation> inAnswer(String text, Map<String, String> secrets) {
        List<Violation> found = new ArrayList<>();
        if (STACK_TRACE.matcher(text).find()) {
            found.add(new Violation(Kind.LEAK, "a stack trace"));
        }
        var exception = EXCEPTION_CLASS.matcher(text);
        if (exception.find()) {
            found.add(new Violation(Kind.LEAK, "an exception class name: " + exception.group()));
        }
        var sql = SQL.matcher(text);
        if (sql.find()) {
            found.add(new Violation(Kind.LEAK, "SQL: " + sql.group()));
        }
        found.addAll(secrets(text, secrets, "the answer"));
        return found;
    }

    /**
     * A message the function sends on (a Slack post), which quotes the event it is about: a stack
     * trace or a secret is a leak, words from the event are not.
     */
    public static List<Violation> inMessage(String text, Map<String, String> secrets) {
        List<Violation> found = new ArrayList<>();
        if (STACK_TRACE.matcher(text).find()) {
            found.add(new Violation(Kind.LEAK, "a stack trace"));
        }
        found.addAll(secrets(text, secrets, "a message"));
        return found;
    }

    /** Log lines: stack traces are the log's to keep (only the log sees them), secrets are not. */
    public static List<Violation> inLogs(String text, Map<String, String> secrets) {
        return secrets(text, secrets, "a log line");
    }

    private static List<Violation> secrets(String text, Map<String, String> secrets, String where) {
        List<Violation> found = new ArrayList<>();
        secrets.forEach((label, secret) -> {
            if (secret != null && secret.length() >= 12 && text.contains(secret)) {
                found.add(new Violation(Kind.LEAK, label + " in " + where));
            }
        });
        return found;
    }
}
