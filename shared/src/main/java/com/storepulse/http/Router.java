package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.errors.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A small router for API Gateway REST (payload 1.0) events.
 *
 * <p>It routes on the API's own path, rebuilt from {@code resource} and {@code pathParameters}
 * (e.g. {@code /v1/{proxy+}} with {@code proxy=stores/7}), not on {@code path}: {@code path}
 * carries a custom domain's base path ({@code /api/v1/...}) that the API itself never sees.
 *
 * <p>A pattern's last segment may be greedy, {@code {name+}}: it takes the rest of the path,
 * one or more segments joined with '/'. API Gateway REST decodes {@code %2F} in {@code {proxy+}}
 * before we see it, so this is the only way a route can take a value containing '/' (a
 * retailer's customer id such as {@code a/b}). Empty segments are dropped before matching, so
 * such a value never has a leading, trailing or doubled '/'.
 */
public final class Router {

    /**
     * What a route handler gets: the event, the declared route it matched (its scope and usage
     * label come from there) and the path parameters its pattern captured.
     */
    public record Request(APIGatewayProxyRequestEvent event, ApiRoute route, Map<String, String> pathParameters) {
        public String pathParameter(String name) {
            return pathParameters.get(name);
        }

        /**
         * A numeric id from the path, the one parser of them for every route: 1 to 18 digits, no
         * sign and no leading zero, so an id has one spelling ({@code 01} is not {@code 1}).
         * Anything else is a 400 naming the parameter.
         */
        public long idParameter(String name) {
            String raw = pathParameter(name);
            if (raw == null || !ID.matcher(raw).matches()) {
                throw ValidationException.of(name, "must be a positive integer, without a sign or leading zeros");
            }
            return Long.parseLong(raw);
        }
    }

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private record Route(ApiRoute declared, Function<Request, APIGatewayProxyResponseEvent> handler) {
        String method() {
            return declared.method();
        }

        List<String> segments() {
            return declared.segments();
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Registers {@code handler} for a route of the function's {@link RouteCatalogue}. */
    public Router add(ApiRoute route, Function<Request, APIGatewayProxyResponseEvent> handler) {
        routes.add(new Route(route, handler));
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
            if (route.method().equals(event.getHttpMethod())) { // methods are case-sensitive (RFC 9110)
                return route.handler().apply(new Request(event, route.declared(), params));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "Method " + event.getHttpMethod() + " is not allowed here; allowed: " + String.join(", ", allowed),
                    List.of(),
                    Map.of("Allow", String.join(", ", allowed)));
        }
        throw new ApiException(ErrorCode.ROUTE_NOT_FOUND, "No route matches this path");
    }

    /** Every registered route, in registration order (what tests walk to cover every route). */
    public List<ApiRoute> routes() {
        return routes.stream().map(Route::declared).toList();
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
        boolean greedy = !pattern.isEmpty() && isGreedy(pattern.getLast());
        if (greedy ? path.size() < pattern.size() : pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String actual = path.get(i);
            if (greedy && i == pattern.size() - 1) {
                // Segments are never empty here (split drops them), so the value is at least one character.
                params.put(p.substring(1, p.length() - 2), String.join("/", path.subList(i, path.size())));
            } else if (p.startsWith("{") && p.endsWith("}")) {
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

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
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
