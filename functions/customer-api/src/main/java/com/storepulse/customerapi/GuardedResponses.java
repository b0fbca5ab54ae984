package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.auth.Caller;
import com.storepulse.auth.RequestGuard;
import com.storepulse.http.HttpResponses;
import java.util.HashMap;
import java.util.Map;

/** A 200 JSON response for an admitted caller, with the caller's RateLimit-* headers. */
public final class GuardedResponses {

    private GuardedResponses() {}

    public static APIGatewayProxyResponseEvent ok(RequestGuard guard, Caller caller, Object body) {
        return withRateLimitHeaders(guard, caller, HttpResponses.json(200, body));
    }

    /** {@link #ok} for a body that is JSON already (served from the cache as stored). */
    public static APIGatewayProxyResponseEvent okJson(RequestGuard guard, Caller caller, String json) {
        return withRateLimitHeaders(guard, caller, HttpResponses.rawJson(200, json));
    }

    private static APIGatewayProxyResponseEvent withRateLimitHeaders(
            RequestGuard guard, Caller caller, APIGatewayProxyResponseEvent response) {
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.putAll(guard.rateLimitHeaders(caller));
        return response.withHeaders(headers);
    }
}
