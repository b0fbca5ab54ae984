package com.storepulse.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of taking one token, and the headers that describe it (IETF
 * draft-ietf-httpapi-ratelimit-headers, the three-header form):
 * <ul>
 *   <li>{@code RateLimit-Limit}: the bucket size (burst), the most requests available at once;</li>
 *   <li>{@code RateLimit-Remaining}: whole requests left in the bucket now;</li>
 *   <li>{@code RateLimit-Reset}: seconds until the bucket is full again (0 when full).</li>
 * </ul>
 * A refused request also gets {@code Retry-After}: seconds until one request is available.
 *
 * @param local true when Redis was unavailable and the per-instance bucket decided
 */
public record RateLimitDecision(
        boolean allowed, int limit, int remaining, long retryAfterMillis, long resetMillis, boolean local) {

    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    public static final String RETRY_AFTER = "Retry-After";

    /** A bucket nobody has taken from yet. */
    public static RateLimitDecision full(RateLimitPolicy policy) {
        return new RateLimitDecision(true, policy.burst(), policy.burst(), 0, 0, false);
    }

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT, Integer.toString(limit));
        headers.put(REMAINING, Integer.toString(remaining));
        headers.put(RESET, Long.toString(ceilSeconds(resetMillis)));
        return headers;
    }

    /** {@link #headers()} plus {@code Retry-After} (at least 1 second), for a 429. */
    public Map<String, String> refusalHeaders() {
        Map<String, String> headers = headers();
        headers.put(RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(retryAfterMillis))));
        return headers;
    }

    private static long ceilSeconds(long millis) {
        return Math.max(0, (millis + 999) / 1000);
    }
}
