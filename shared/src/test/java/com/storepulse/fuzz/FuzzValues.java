package com.storepulse.fuzz;

import com.storepulse.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Text and JSON values of every kind a caller or an event can carry: the fuzz suites' common stock. */
public final class FuzzValues {

    private FuzzValues() {}

    /** Text of every kind: any code point, control characters, lone surrogates, long, and the usual suspects. */
    public static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(3),
                Arbitraries.strings()
                        .withChars('\ud800', '\udc00', '\ufffd', '\u202e', '\u0000')
                        .ofMinLength(1)
                        .ofMaxLength(4),
                Arbitraries.strings().alpha().ofLength(300),
                Arbitraries.of(
                        "%",
                        "%%",
                        "%zz",
                        "'",
                        "\"",
                        "\\",
                        "a/b",
                        "a/../b",
                        "*",
                        "?",
                        "#",
                        "<script>",
                        "{}",
                        "[]",
                        "' OR 1=1 --",
                        "${jndi:ldap://x}",
                        "\u0000"));
    }

    /** JSON values of every type, out-of-range numbers and dates, and text of every kind. */
    public static Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "\"a\"",
                        "1",
                        "-1",
                        "0",
                        "1.5",
                        "true",
                        "false",
                        "null",
                        "[]",
                        "{}",
                        "[1]",
                        "[\"\"]",
                        "{\"a\":{}}",
                        "\"\"",
                        "\"1\"",
                        "\"01\"",
                        "\"-1\"",
                        "\"+999999999-12-31T23:59:59Z\"",
                        "\"+294277-01-01T00:00:00Z\"",
                        "\"9999-12-31T23:59:59.9999999Z\"",
                        "\"2026-12-07T09:00:00Z\"",
                        "\"2026-12-07\"",
                        "\"1970-01-01T00:00:00Z\"",
                        "\"not a date\"",
                        "99999999999999999999",
                        "9223372036854775807",
                        "9223372036854775808",
                        "1e400",
                        "-0",
                        "2147483648",
                        "-2147483649",
                        "0.1e-400",
                        "\"x\\ud800\"",
                        "\"caf\ufffd\"",
                        "\"\\u0000\""),
                Arbitraries.longs().map(String::valueOf),
                text().map(Json::write));
    }

    /** The longest text a failure message shows of a fuzzed input or answer (surefire's report truncates long ones). */
    public static final int SHOWN = 200;

    /**
     * {@code text} as a failure message shows it: control and non-ASCII characters escaped as
     * {@code \\uXXXX}, at most {@value #SHOWN} characters of it, with how many were left out.
     */
    public static String shown(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), SHOWN);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > limit) {
            out.append("... (").append(text.length() - limit).append(" more characters)");
        }
        return out.toString();
    }
}
