package com.storepulse.local.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which function serves which path, as API Gateway would route it: the longest matching path
 * prefix wins. A route may list resource templates ({@code /v1/customers/{customerId}},
 * {@code /{proxy+}}); the first template matching the path becomes the event's {@code resource}
 * and fills {@code pathParameters}. Without a matching template, {@code resource} is the path
 * itself and {@code pathParameters} is null.
 */
public final class Routes {

    public record Route(String pathPrefix, String function, List<String> resourceTemplates) {
        public Route {
            resourceTemplates = List.copyOf(resourceTemplates);
            if (!pathPrefix.startsWith("/")) {
                throw new IllegalArgumentException("a route prefix starts with /: " + pathPrefix);
            }
            pathPrefix = pathPrefix.length() > 1 && pathPrefix.endsWith("/")
                    ? pathPrefix.substring(0, pathPrefix.length() - 1)
                    : pathPrefix;
        }

        boolean covers(String path) {
            return pathPrefix.equals("/") || path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
        }
    }

    public record Match(String function, String resource, Map<String, String> pathParameters) {}

    private final List<Route> routes = new ArrayList<>();

    /** StorePulse's table: webhooks to webhook-intake, everything else to customer-api. */
    /** The same resources as template.yaml's API events, so handlers see what API Gateway sends. */
    public static Routes storePulse() {
        return new Routes()
                .add(new Route("/v1/webhooks", "webhook-intake", List.of("/v1/webhooks/{sourceId}")))
                .add(new Route("/", "customer-api", List.of("/health", "/status", "/status.json", "/v1/{proxy+}")));
    }

    public Routes add(Route route) {
        routes.add(route);
        routes.sort(
                Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed());
        return this;
    }

    public List<Route> all() {
        return List.copyOf(routes);
    }

    public Optional<Match> match(String path) {
        for (Route route : routes) {
            if (route.covers(path)) {
                for (String template : route.resourceTemplates()) {
                    Map<String, String> parameters = matchTemplate(template, path);
                    if (parameters != null) {
                        return Optional.of(
                                new Match(route.function(), template, parameters.isEmpty() ? null : parameters));
                    }
                }
                return Optional.of(new Match(route.function(), path, null));
            }
        }
        return Optional.empty();
    }

    /** The path parameters if {@code path} fits the template, else null. */
    static Map<String, String> matchTemplate(String template, String path) {
        String[] want = template.substring(1).split("/", -1);
        String[] have = path.substring(1).split("/", -1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String segment = want[i];
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (variable && segment.endsWith("+}")) {
                if (i >= have.length || have[i].isEmpty()) {
                    return null;
                }
                parameters.put(
                        segment.substring(1, segment.length() - 2),
                        String.join("/", List.of(have).subList(i, have.length)));
                return parameters;
            }
            if (i >= have.length) {
                return null;
            }
            if (variable) {
                if (have[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), have[i]);
            } else if (!segment.equals(have[i])) {
                return null;
            }
        }
        return want.length == have.length ? parameters : null;
    }
}
