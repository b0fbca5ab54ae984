package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's header values by name. API Gateway REST passes header names as the client sent
 * them, in {@code headers} (last value) and {@code multiValueHeaders} (every value), so the name
 * is matched ignoring case in both.
 */
public final class RequestHeaders {

    private RequestHeaders() {}

    /** Every value of header {@code name} in either map, in order, repeats included (the reader decides). */
    public static List<String> values(APIGatewayProxyRequestEvent event, String name) {
        List<String> values = new ArrayList<>(2);
        if (event == null) {
            return values;
        }
        Map<String, String> single = event.getHeaders();
        if (single != null) {
            single.forEach((header, value) -> {
                if (name.equalsIgnoreCase(header)) {
                    values.add(value);
                }
            });
        }
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            multi.forEach((header, list) -> {
                if (name.equalsIgnoreCase(header) && list != null) {
                    values.addAll(list);
                }
            });
        }
        return values;
    }
}
