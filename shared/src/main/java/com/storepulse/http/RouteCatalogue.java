package com.storepulse.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every HTTP route of one function, each declared once. A function keeps its catalogue in one
 * class of constants, in the order its routes are documented:
 *
 * <pre>{@code
 * public static final RouteCatalogue CATALOGUE = new RouteCatalogue("customer-api");
 * public static final ApiRoute HEALTH = CATALOGUE.add(ApiRoute.open("GET", "/health"));
 * }</pre>
 *
 * Route classes register their handlers on a {@link Router} for these constants; the function's
 * route table then calls {@link #requireServedBy(Router)}, so a declared route without a handler,
 * or a handler for an undeclared route, fails the function's start (and every test that builds
 * it). The route-consistency test (local module) holds template.yaml's API events, the local
 * stack's routes and docs/openapi.yaml to the catalogues.
 */
public final class RouteCatalogue {

    private final String function;
    private final List<ApiRoute> routes = new ArrayList<>();

    /** @param function the function's name as deployed ({@code customer-api}) */
    public RouteCatalogue(String function) {
        this.function = function;
    }

    /** Declares {@code route}; two routes with the same method and path shape are refused. */
    public synchronized ApiRoute add(ApiRoute route) {
        String shape = shape(route);
        for (ApiRoute existing : routes) {
            if (shape(existing).equals(shape)) {
                throw new IllegalArgumentException(function + " declares " + route + " twice (as " + existing + ")");
            }
        }
        routes.add(route);
        return route;
    }

    public String function() {
        return function;
    }

    public synchronized List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    /** Throws unless {@code router} serves exactly this catalogue's routes. */
    public void requireServedBy(Router router) {
        Set<ApiRoute> declared = new LinkedHashSet<>(routes());
        Set<ApiRoute> registered = new LinkedHashSet<>(router.routes());
        Set<ApiRoute> missing = new LinkedHashSet<>(declared);
        missing.removeAll(registered);
        Set<ApiRoute> undeclared = new LinkedHashSet<>(registered);
        undeclared.removeAll(declared);
        if (!missing.isEmpty()
                || !undeclared.isEmpty()
                || new HashSet<>(router.routes()).size() != router.routes().size()) {
            throw new IllegalStateException(function + ": the router must serve exactly the declared routes; declared"
                    + " without a handler: " + missing + "; registered without a declaration: " + undeclared);
        }
    }

    /** Method and segments with every parameter name erased: two routes of one shape would shadow each other. */
    private static String shape(ApiRoute route) {
        StringBuilder shape = new StringBuilder(route.method());
        for (String segment : route.segments()) {
            shape.append('/').append(segment.endsWith("+}") ? "{+}" : segment.startsWith("{") ? "{}" : segment);
        }
        return shape.toString();
    }
}
