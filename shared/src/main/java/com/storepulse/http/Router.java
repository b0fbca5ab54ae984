package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.problem.ApiException;
import com.storepulse.problem.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A small router for API Gateway REST (payload 1.0) events.
 *
 * <p>It routes on the API's own path, rebuilt from {@code resource} and {@code pathParameters}
 * (e.g. {@code /v1/{proxy+}} with {@code proxy=stores/7}), not on {@code path}: {@code path}
 * carries a custom domain's base path ({@code /api/v1/...}) that the API itself never sees.
 */
public final class Router {

    /** What a route handler gets: the event and the path parameters its pattern captured. */
    public record Request(APIGatewayProxyRequestEvent event, Map<String, String> pathParameters) {
        public String pathParameter(String name) {
            return pathParameters.get(name);
        }
    }

    private record Route(String method, List<String> segments, Function<Request, APIGatewayProxyResponseEvent> handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Registers {@code pattern} such as {@code /v1/stores/{storeId}/customers} for {@code method}. */
    public Router add(String method, String pattern, Function<Request, APIGatewayProxyResponseEvent> handler) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), split(pattern), handler));
        return this;
    }

    public APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        if (event == null || event.getHttpMethod() == null) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The event is not an API Gateway proxy request");
        }
        List<String> path = split(apiPath(event));
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), path);
            if (params == null) {
                continue;
            }
            if (route.method().equals(event.getHttpMethod().toUpperCase(Locale.ROOT))) {
                return route.handler().apply(new Request(event, params));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    "Method " + event.getHttpMethod() + " is not allowed here; allowed: " + String.join(", ", allowed),
                    List.of(), Map.of("Allow", String.join(", ", allowed)));
        }
        throw new ApiException(ErrorCode.ROUTE_NOT_FOUND, "No route matches this path");
    }

    /**
     * Every registered route as {@code METHOD /pattern} ({@code GET /v1/stores/{storeId}/summary}),
     * in registration order: what the usage meter calls a route template, and what tests walk to
     * cover every route.
     */
    public List<String> templates() {
        return routes.stream().map(r -> r.method() + " /" + String.join("/", r.segments())).toList();
    }

    /** The path as the API defines it: resource with its path parameters filled in. */
    static String apiPath(APIGatewayProxyRequestEvent event) {
        String resource = event.getResource();
        if (resource == null || resource.isBlank()) {
            return event.getPath() == null ? "/" : event.getPath();
        }
        Map<String, String> params = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        StringBuilder out = new StringBuilder();
        for (String segment : split(resource)) {
            out.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1).replace("+", "");
                String value = params.get(name);
                out.append(value == null ? "" : value);
            } else {
                out.append(segment);
            }
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static Map<String, String> match(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String actual = path.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), actual);
            } else if (!p.equals(actual)) {
                return null;
            }
        }
        return params;
    }

    private static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }
}
