package com.storepulse.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the {@code x-api-key} header's values (as the edge gathered them) present: none, one key, or several. */
final class PresentedKey {

    /** What the request carried. */
    sealed interface Presented permits Missing, Ambiguous, Value {}

    record Missing() implements Presented {}

    /** Several different values: refused rather than guessing which one counts. */
    record Ambiguous() implements Presented {}

    record Value(String key) implements Presented {
        @Override
        public String toString() {
            return "Value[redacted]";
        }
    }

    private PresentedKey() {}

    /** Blank values are ignored, the rest stripped; the same key sent twice is one key. */
    static Presented read(List<String> headerValues) {
        Set<String> values = new LinkedHashSet<>();
        if (headerValues != null) {
            for (String value : headerValues) {
                if (value != null && !value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        if (values.isEmpty()) {
            return new Missing();
        }
        return values.size() == 1 ? new Value(values.iterator().next()) : new Ambiguous();
    }
}
