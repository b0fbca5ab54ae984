package com.storepulse.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP route of a function, declared once in that function's {@link RouteCatalogue}: the
 * method, the path pattern and who may call it. The router registers from it, the usage meter
 * counts under its {@link #usageLabel()}, and the route-consistency test holds template.yaml, the
 * local stack and docs/openapi.yaml to the catalogues.
 *
 * <p>A pattern's segments are literals or parameters ({@code {storeId}}); only the last may be
 * greedy ({@code {customerId+}}: the rest of the path, '/' included).
 *
 * @param access who may call it: anyone, the admin key, or a tenant key with {@code scope}
 * @param scope  the scope a tenant key needs ({@link Access#API_KEY} only, else null)
 */
public record ApiRoute(String method, String pattern, Access access, String scope) {

    /** Who may call a route. */
    public enum Access {
        /** No key (health checks). */
        PUBLIC,
        /** The bootstrap admin key only; not rate limited, not metered. */
        ADMIN,
        /** A tenant's API key with the route's scope; rate limited and metered under the usage label. */
        API_KEY
    }

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public ApiRoute {
        Objects.requireNonNull(access, "access");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ": " + method);
        }
        if (!pattern.startsWith("/") || pattern.contains("//") || (pattern.length() > 1 && pattern.endsWith("/"))) {
            throw new IllegalArgumentException("a pattern is /segment/segment...: " + pattern);
        }
        List<String> segments = segments(pattern);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean parameter = segment.startsWith("{") && segment.endsWith("}");
            if (!parameter && (segment.contains("{") || segment.contains("}"))) {
                throw new IllegalArgumentException("a segment is a literal or a whole {parameter}: " + pattern);
            }
            if (segment.endsWith("+}") && i < segments.size() - 1) {
                throw new IllegalArgumentException("only the last segment may be greedy: " + pattern);
            }
        }
        if ((access == Access.API_KEY) != (scope != null)) {
            throw new IllegalArgumentException("a scope is required for API_KEY routes and only there: " + pattern);
        }
    }

    /** Open to anyone. */
    public static ApiRoute open(String method, String pattern) {
        return new ApiRoute(method, pattern, Access.PUBLIC, null);
    }

    /** For the admin key only. */
    public static ApiRoute admin(String method, String pattern) {
        return new ApiRoute(method, pattern, Access.ADMIN, null);
    }

    /** For a tenant key carrying {@code scope}. */
    public static ApiRoute withScope(String method, String pattern, String scope) {
        return new ApiRoute(method, pattern, Access.API_KEY, scope);
    }

    /**
     * {@code METHOD /pattern} with a greedy segment shown without its '+'
     * ({@code GET /v1/stores/{storeId}/customers/{customerId}}): how docs/openapi.yaml names the
     * route.
     */
    public String template() {
        return method + " " + pattern.replace("+}", "}");
    }

    /**
     * The route as billing counts it ({@code api_key_usage_daily.route}, {@code GET /v1/usage}'s
     * items): its {@link #template()}. Changing a pattern starts a new label.
     */
    public String usageLabel() {
        return template();
    }

    /** The pattern's segments, without the empty ones around '/'. */
    public List<String> segments() {
        return segments(pattern);
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return template() + " (" + access.name().toLowerCase(Locale.ROOT) + (scope == null ? "" : " " + scope) + ")";
    }
}
