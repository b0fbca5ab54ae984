package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.HttpResponses;
import com.storepulse.http.RateLimitHeaders;
import com.storepulse.ratelimit.RateLimitDecision;
import java.util.HashMap;
import java.util.Map;

/** A 200 JSON response for an admitted request, with that request's own RateLimit-* headers. */
public final class AdmittedResponses {

    private AdmittedResponses() {}

    /** @param rateLimit the decision the request's admission took (it travels with the request) */
    public static APIGatewayProxyResponseEvent ok(RateLimitDecision rateLimit, Object body) {
        return withRateLimitHeaders(rateLimit, HttpResponses.json(200, body));
    }

    /** {@link #ok} with another status and more headers (a 202 with its {@code Location}). */
    public static APIGatewayProxyResponseEvent json(
            int status, RateLimitDecision rateLimit, Object body, Map<String, String> headers) {
        APIGatewayProxyResponseEvent response = withRateLimitHeaders(rateLimit, HttpResponses.json(status, body));
        Map<String, String> all = new HashMap<>(response.getHeaders());
        all.putAll(headers);
        return response.withHeaders(all);
    }

    /** {@link #ok} for a body that is JSON already (served from the cache as stored). */
    public static APIGatewayProxyResponseEvent okJson(RateLimitDecision rateLimit, String json) {
        return withRateLimitHeaders(rateLimit, HttpResponses.rawJson(200, json));
    }

    private static APIGatewayProxyResponseEvent withRateLimitHeaders(
            RateLimitDecision rateLimit, APIGatewayProxyResponseEvent response) {
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.putAll(RateLimitHeaders.of(rateLimit));
        return response.withHeaders(headers);
    }
}
