package com.storepulse.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.customerapi.CustomerApiRoutes;
import com.storepulse.http.ApiRoute;
import com.storepulse.http.RouteCatalogue;
import com.storepulse.local.http.Routes;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhookintake.WebhookIntakeCatalogue;
import com.storepulse.webhookintake.WebhookIntakeHandler;
import com.storepulse.webhookintake.WebhookIntakeRoutes;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every HTTP route is declared once, in its function's route catalogue, and four other places
 * must agree with the catalogues: the function's router, template.yaml's API events, the local
 * stack's routes and docs/openapi.yaml. A route added to one place only fails here, with every
 * disagreement listed.
 *
 * <ul>
 *   <li>Router: the function's real route table serves exactly its catalogue.</li>
 *   <li>template.yaml: API Gateway sends each declared route to its own function's event
 *       (resolved as API Gateway does: the most specific resource, then the method or ANY), and
 *       every API event of a function leads to at least one of its declared routes.</li>
 *   <li>Local stack: its front door sends each declared route, and each API event's paths, to the
 *       same function with the same {@code resource}; it has no resource template.yaml lacks.</li>
 *   <li>docs/openapi.yaml: the same methods and paths, both ways, and each operation's security
 *       says who may call it (no key, {@code admin}, or the route's scope).</li>
 * </ul>
 */
class RouteConsistencyTest {

    /**
     * The catalogue of each handler that serves API events. A new HTTP function adds its handler
     * here; until then this test fails on its API events.
     */
    private static final Map<String, RouteCatalogue> CATALOGUES = Map.of(
            CustomerApiHandler.class.getName(), CustomerApiCatalogue.CATALOGUE,
            WebhookIntakeHandler.class.getName(), WebhookIntakeCatalogue.CATALOGUE);

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void routerTemplateLocalStackAndOpenApiServeExactlyTheDeclaredRoutes() throws IOException {
        List<String> problems = new ArrayList<>();
        List<SamTemplate.Function> functions = SamTemplate.functions(SamTemplate.load());
        List<SamTemplate.ApiEvent> events =
                functions.stream().flatMap(f -> f.apiEvents().stream()).toList();
        Routes local = Routes.storePulse();

        Map<SamTemplate.ApiEvent, List<ApiRoute>> reached = new LinkedHashMap<>();
        for (SamTemplate.Function function : functions) {
            if (function.apiEvents().isEmpty()) {
                continue;
            }
            RouteCatalogue catalogue = CATALOGUES.get(function.handler());
            if (catalogue == null) {
                if (isOnClasspath(function.handler())) {
                    problems.add(function.resource() + " (" + function.handler() + ") has API events but no route"
                            + " catalogue: declare its routes and add the catalogue to "
                            + getClass().getSimpleName());
                } else {
                    System.out.println("route consistency: " + function.resource() + " is not built yet ("
                            + function.handler() + "); its API events " + function.apiEvents()
                            + " are checked once it is");
                }
                continue;
            }
            if (!catalogue.function().equals(function.name())) {
                problems.add(function.resource() + " is named " + function.name() + " but its catalogue says "
                        + catalogue.function());
            }
            function.apiEvents().forEach(event -> reached.put(event, new ArrayList<>()));
            for (ApiRoute route : catalogue.routes()) {
                String path = samplePath(route.pattern());
                Optional<SamTemplate.ApiEvent> event = gatewayRoute(events, route.method(), path);
                if (event.isEmpty()) {
                    problems.add(route + ": no API event of template.yaml serves " + route.method() + " " + path + " ("
                            + function.resource() + " needs one)");
                    continue;
                }
                if (!event.get().function().equals(function.name())) {
                    problems.add(route + ": API Gateway would send " + route.method() + " " + path + " to "
                            + event.get().function() + " (event " + event.get().name() + ", "
                            + event.get().path()
                            + "), not to " + function.name());
                    continue;
                }
                reached.get(event.get()).add(route);
                Optional<Routes.Match> match = local.match(path);
                if (match.isEmpty()
                        || !match.get().function().equals(function.name())
                        || !match.get().resource().equals(event.get().path())) {
                    problems.add(route + ": the local stack routes " + path + " to " + match.map(Routes.Match::function)
                            + " as " + match.map(Routes.Match::resource) + "; API Gateway: " + function.name()
                            + " as " + event.get().path());
                }
            }
        }
        reached.forEach((event, routes) -> {
            if (routes.isEmpty()) {
                problems.add("template.yaml: " + event.function() + "'s API event " + event.name() + " ("
                        + event.method() + " " + event.path() + ") leads to no declared route");
            }
        });

        checkLocalStackMirrorsTheTemplate(local, functions, events, problems);
        checkRouters(problems);
        checkOpenApi(problems);

        problems.forEach(p -> System.out.println("route consistency: " + p));
        assertTrue(problems.isEmpty(), problems.size() + " disagreement(s):\n  " + String.join("\n  ", problems));
    }

    /** Each API event's paths reach its function locally with the same resource; no local-only resource. */
    private static void checkLocalStackMirrorsTheTemplate(
            Routes local,
            List<SamTemplate.Function> functions,
            List<SamTemplate.ApiEvent> events,
            List<String> problems) {
        for (SamTemplate.ApiEvent event : events) {
            String path = samplePath(event.path());
            Optional<Routes.Match> match = local.match(path);
            if (match.isEmpty()
                    || !match.get().function().equals(event.function())
                    || !match.get().resource().equals(event.path())) {
                problems.add("local stack: " + path + " goes to " + match.map(Routes.Match::function) + " as "
                        + match.map(Routes.Match::resource) + "; template.yaml's " + event.function() + " event "
                        + event.name() + " serves it as " + event.path());
            }
        }
        Set<String> names = new TreeSet<>();
        functions.forEach(f -> names.add(f.name()));
        for (Routes.Route route : local.all()) {
            for (String resource : route.resourceTemplates()) {
                boolean inTemplate = events.stream()
                        .anyMatch(e -> e.function().equals(route.function())
                                && e.path().equals(resource));
                if (!inTemplate) {
                    problems.add("local stack: " + route.function() + " has resource " + resource
                            + " that no API event of " + route.function() + " in template.yaml has (functions: "
                            + names + ")");
                }
            }
        }
    }

    /** The real route tables, built as the handler builds them. */
    private static void checkRouters(List<String> problems) {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("DATABASE_URL", "REDIS_URL")) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        System.setProperty("REDIS_URL", "");
        try (CustomerApiHandler handler = new CustomerApiHandler()) {
            List<ApiRoute> served = handler.getApplicationContext()
                    .getBean(CustomerApiRoutes.class)
                    .routes();
            if (!new LinkedHashSet<>(served).equals(new LinkedHashSet<>(CustomerApiCatalogue.CATALOGUE.routes()))) {
                problems.add("customer-api's router serves " + served + " but its catalogue declares "
                        + CustomerApiCatalogue.CATALOGUE.routes());
            }
        } catch (RuntimeException e) {
            problems.add("customer-api's route table did not build: " + e);
        } finally {
            try {
                // Its constructor fails unless the router serves exactly the catalogue's routes.
                new WebhookIntakeRoutes(null);
            } catch (RuntimeException e) {
                problems.add("webhook-intake's route table did not build: " + e);
            }
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkOpenApi(List<String> problems) throws IOException {
        Map<String, Object> openApi;
        try (Reader reader = Files.newBufferedReader(SamTemplate.REPO.resolve("docs/openapi.yaml"))) {
            openApi = new Yaml().load(reader);
        }
        Map<String, Object> documented = new LinkedHashMap<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openApi.get("paths");
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (HTTP_METHODS.contains(method)) {
                documented.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, operation);
            }
        }));
        Set<String> declared = new LinkedHashSet<>();
        for (RouteCatalogue catalogue : CATALOGUES.values()) {
            for (ApiRoute route : catalogue.routes()) {
                declared.add(route.template());
                Object operation = documented.get(route.template());
                if (operation == null) {
                    problems.add(route + ": not in docs/openapi.yaml");
                    continue;
                }
                Object security = ((Map<String, Object>) operation).get("security");
                List<Object> expected = switch (route.access()) {
                    case PUBLIC -> List.of();
                    case ADMIN -> List.of(Map.of("apiKey", List.of("admin")));
                    case API_KEY -> List.of(Map.of("apiKey", List.of(route.scope())));
                };
                if (!expected.equals(security)) {
                    problems.add(
                            route + ": docs/openapi.yaml gives it security " + security + ", expected " + expected);
                }
            }
        }
        for (String operation : documented.keySet()) {
            if (!declared.contains(operation)) {
                problems.add("docs/openapi.yaml documents " + operation + ", which no route catalogue declares");
            }
        }
    }

    /**
     * The API event API Gateway (REST) would invoke for {@code method} on {@code path}: the
     * resource that matches most specifically (segment by segment, a literal before a
     * {@code {parameter}} before a greedy {@code {proxy+}}), then its event for this method, else
     * its ANY event. None when the chosen resource has neither (API Gateway answers 403/404 itself).
     */
    static Optional<SamTemplate.ApiEvent> gatewayRoute(List<SamTemplate.ApiEvent> events, String method, String path) {
        List<String> segments = segments(path);
        Comparator<String> specificity = Comparator.comparing(RouteConsistencyTest::kinds);
        Optional<String> resource = events.stream()
                .map(SamTemplate.ApiEvent::path)
                .filter(p -> matches(segments(p), segments))
                .distinct()
                .min(specificity);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        List<SamTemplate.ApiEvent> on =
                events.stream().filter(e -> e.path().equals(resource.get())).toList();
        return on.stream()
                .filter(e -> e.method().equalsIgnoreCase(method))
                .findFirst()
                .or(() -> on.stream()
                        .filter(e -> e.method().equalsIgnoreCase("ANY"))
                        .findFirst());
    }

    private static boolean matches(List<String> resource, List<String> path) {
        for (int i = 0; i < resource.size(); i++) {
            String segment = resource.get(i);
            if (segment.endsWith("+}")) {
                return path.size() > i;
            }
            if (i >= path.size() || !(segment.startsWith("{") || segment.equals(path.get(i)))) {
                return false;
            }
        }
        return resource.size() == path.size();
    }

    /** 0 for a literal, 1 for a parameter, 2 for a greedy parameter, per segment: lower sorts first. */
    private static String kinds(String resource) {
        StringBuilder kinds = new StringBuilder();
        for (String segment : segments(resource)) {
            kinds.append(segment.endsWith("+}") ? '2' : segment.startsWith("{") ? '1' : '0');
        }
        return kinds.toString();
    }

    /** A concrete path for a pattern: each parameter a value, a greedy one two segments. */
    static String samplePath(String pattern) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments(pattern)) {
            path.append('/').append(segment.endsWith("+}") ? "a/b" : segment.startsWith("{") ? "1" : segment);
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, RouteConsistencyTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
