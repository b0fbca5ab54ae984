package com.storepulse.customerapi.request;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A route's query string, checked strictly: unknown parameters are rejected (a typo such as
 * {@code minLTV} would otherwise silently widen the result), a parameter may be repeated only if
 * the route says so, and every value passes {@link TextInput}. All problems are reported at once
 * as one 400 with a field error each.
 */
public final class QueryParameters {

    /** What a route accepts: names, which may repeat, and longer limits for a few (the cursor). */
    public record Spec(Set<String> names, Set<String> repeatable, Map<String, Integer> maxLengths) {
        public static final Spec NONE = new Spec(Set.of(), Set.of(), Map.of());

        int maxLength(String name) {
            return maxLengths.getOrDefault(name, TextInput.MAX_LENGTH);
        }
    }

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParameters from(APIGatewayProxyRequestEvent event, Spec spec) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((k, v) -> raw.put(k, v == null ? List.of() : v));
        } else if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((k, v) -> raw.put(k, v == null ? List.of() : List.of(v)));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        raw.forEach((name, list) -> {
            if (!spec.names().contains(name)) {
                String shown = TextInput.printable(name);
                errors.add(new FieldError(
                        shown,
                        spec.names().isEmpty()
                                ? "this route takes no query parameters"
                                : "unknown query parameter; accepted: "
                                        + String.join(
                                                ", ",
                                                spec.names().stream().sorted().toList())));
                return;
            }
            if (list.size() > 1 && !spec.repeatable().contains(name)) {
                errors.add(new FieldError(name, "must be given at most once"));
                return;
            }
            if (list.size() > 50) {
                errors.add(new FieldError(name, "must be given at most 50 times"));
                return;
            }
            for (String value : list) {
                Optional<FieldError> problem = TextInput.problem(name, value, spec.maxLength(name));
                if (problem.isPresent()) {
                    errors.add(problem.get());
                    return;
                }
            }
            accepted.put(name, List.copyOf(list));
        });
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return new QueryParameters(accepted);
    }

    public Optional<String> single(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
