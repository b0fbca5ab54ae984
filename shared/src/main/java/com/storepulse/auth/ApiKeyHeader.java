package com.storepulse.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code x-api-key} header. API Gateway REST passes header names as the client sent
 * them, in {@code headers} and {@code multiValueHeaders}, so the name is matched ignoring case.
 */
final class ApiKeyHeader {

    static final String NAME = "x-api-key";

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

    private ApiKeyHeader() {}

    static Presented read(APIGatewayProxyRequestEvent event) {
        Set<String> values = new LinkedHashSet<>();
        collect(event.getHeaders(), values);
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            multi.forEach((name, list) -> {
                if (NAME.equalsIgnoreCase(name) && list != null) {
                    list.forEach(v -> add(v, values));
                }
            });
        }
        if (values.isEmpty()) {
            return new Missing();
        }
        return values.size() == 1 ? new Value(values.iterator().next()) : new Ambiguous();
    }

    private static void collect(Map<String, String> headers, Set<String> values) {
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (NAME.equalsIgnoreCase(name)) {
                    add(value, values);
                }
            });
        }
    }

    private static void add(String value, Set<String> values) {
        if (value != null && !value.isBlank()) {
            values.add(value.strip());
        }
    }
}
