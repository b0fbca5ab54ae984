package com.storepulse.customerapi.admin;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every invalid field of a request, then fails once with all of them (400, each named
 * once: the first rule a field breaks is the one reported, so a field of the wrong type is not
 * reported again as missing).
 */
final class FieldChecks {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final List<FieldError> errors = new ArrayList<>();

    void fail(String field, String message) {
        if (!has(field)) {
            errors.add(new FieldError(field, message));
        }
    }

    /** Whether {@code field} has an error already. */
    boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** A present, non-blank text of at most {@code maxLength} characters, without control characters. */
    void requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else if (value.length() > maxLength) {
            fail(field, "must be at most " + maxLength + " characters");
        } else if (CONTROL.matcher(value).find()) {
            fail(field, "must not contain control characters");
        }
    }

    /** Null (absent) or between {@code min} and {@code max}. */
    void optionalRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            fail(field, "must be between " + min + " and " + max);
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
    }
}
