package com.storepulse.customerapi.request;

import com.storepulse.errors.FieldError;
import java.util.Optional;

/**
 * The checks every caller-supplied text goes through before anything parses it: present, not too
 * long, no control characters, and valid UTF-8. API Gateway hands us decoded strings; bytes that
 * were not UTF-8 arrive as U+FFFD or as unpaired surrogates, so those are what we reject.
 */
public final class TextInput {

    /** The default bound on a query parameter or path segment. */
    public static final int MAX_LENGTH = 200;

    private TextInput() {}

    public static Optional<FieldError> problem(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return Optional.of(new FieldError(field, "must not be empty"));
        }
        if (value.length() > maxLength) {
            return Optional.of(new FieldError(field, "must be at most " + maxLength + " characters"));
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\uFFFD') {
                return Optional.of(new FieldError(field, "is not valid UTF-8"));
            }
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of(new FieldError(field, "is not valid UTF-8"));
            }
            if (Character.isLowSurrogate(ch)) {
                return Optional.of(new FieldError(field, "is not valid UTF-8"));
            }
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                return Optional.of(new FieldError(field, "must not contain control characters"));
            }
        }
        return Optional.empty();
    }

    /**
     * A name safe to put in an error: a parameter name as sent may itself be long or hold
     * control characters, so it is cut and cleaned before it is echoed.
     */
    public static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 64; i++) {
            char ch = name.charAt(i);
            out.append(Character.isISOControl(ch) || Character.isSurrogate(ch) || ch == '\uFFFD' ? '?' : ch);
        }
        return out.toString();
    }
}
