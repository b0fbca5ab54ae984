package com.storepulse.usage;

import java.time.LocalDate;

/**
 * One billable request's counter: API key, UTC day, route template. {@link #field()} is its name
 * in the Redis pending-usage hash ({@code 42|2026-11-25|GET /v1/stores}); route templates are ours
 * and never contain {@code |}.
 */
public record UsageEntry(long apiKeyId, LocalDate day, String route) {

    /** Route templates are ours ({@code GET /v1/stores/{storeId}/customers}), never client input. */
    static final int MAX_ROUTE_LENGTH = 200;

    private static final char SEPARATOR = '|';

    public UsageEntry {
        if (route == null || route.isBlank() || route.length() > MAX_ROUTE_LENGTH || route.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException(
                    "route must be a route template of at most " + MAX_ROUTE_LENGTH + " characters without '|'");
        }
    }

    public String field() {
        return fieldPrefix(apiKeyId) + day + SEPARATOR + route;
    }

    /** What every field of this key starts with. */
    static String fieldPrefix(long apiKeyId) {
        return Long.toString(apiKeyId) + SEPARATOR;
    }

    static UsageEntry parse(String field) {
        int first = field.indexOf(SEPARATOR);
        int second = field.indexOf(SEPARATOR, first + 1);
        if (first <= 0 || second < 0) {
            throw new IllegalArgumentException("not a usage field: " + field);
        }
        return new UsageEntry(
                Long.parseLong(field.substring(0, first)),
                LocalDate.parse(field.substring(first + 1, second)),
                field.substring(second + 1));
    }
}
