package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.json.Json;
import java.util.HashMap;
import java.util.Map;

/** Successful API Gateway responses; errors go through {@link com.storepulse.http.ProblemResponses}. */
public final class HttpResponses {

    private HttpResponses() {}

    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return rawJson(status, Json.write(body));
    }

    /** A body that is JSON already (a cached response, say). */
    public static APIGatewayProxyResponseEvent rawJson(int status, String json) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(json);
    }
}
