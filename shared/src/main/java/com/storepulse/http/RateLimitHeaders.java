package com.storepulse.http;

import com.storepulse.ratelimit.RateLimitDecision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rate-limit decision as response headers (IETF draft-ietf-httpapi-ratelimit-headers, the
 * three-header form):
 * <ul>
 *   <li>{@code RateLimit-Limit}: the bucket size (burst), the most requests available at once;</li>
 *   <li>{@code RateLimit-Remaining}: whole requests left in the bucket now;</li>
 *   <li>{@code RateLimit-Reset}: seconds until the bucket is full again (0 when full).</li>
 * </ul>
 * A refused request also gets {@code Retry-After}: seconds until one request is available.
 */
public final class RateLimitHeaders {

    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {}

    /** The three RateLimit-* headers of {@code decision}. */
    public static Map<String, String> of(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT, Integer.toString(decision.limit()));
        headers.put(REMAINING, Integer.toString(decision.remaining()));
        headers.put(RESET, Long.toString(ceilSeconds(decision.resetMillis())));
        return headers;
    }

    /** {@link #of} plus {@code Retry-After} (at least 1 second), for a 429. */
    public static Map<String, String> refusal(RateLimitDecision decision) {
        Map<String, String> headers = of(decision);
        headers.put(RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(decision.retryAfterMillis()))));
        return headers;
    }

    private static long ceilSeconds(long millis) {
        return Math.max(0, (millis + 999) / 1000);
    }
}
