package com.storepulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing on the API's own path, including a greedy last segment ({@code {customerId+}}). */
class RouterTest {

    /** Each handler answers its name and the captured parameters in the body. */
    private static Router customerApiLike() {
        Router router = new Router();
        router.add(ApiRoute.withScope("GET", "/v1/stores", "stores:read"), r -> answer("stores", r));
        router.add(
                ApiRoute.withScope("GET", "/v1/stores/{storeId}/customers", "customers:read"), r -> answer("list", r));
        router.add(
                ApiRoute.withScope("GET", "/v1/stores/{storeId}/customers/{customerId+}", "customers:read"),
                r -> answer("detail", r));
        router.add(ApiRoute.withScope("GET", "/v1/stores/{storeId}/summary", "stores:read"), r -> answer("summary", r));
        return router;
    }

    private static APIGatewayProxyResponseEvent answer(String name, Router.Request request) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(name + " " + request.pathParameters());
    }

    /** What API Gateway REST sends for /v1/{proxy+}: the proxy parameter already %-decoded. */
    private static APIGatewayProxyRequestEvent proxied(String method, String proxy) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource("/v1/{proxy+}")
                .withPath("/v1/" + proxy)
                .withPathParameters(Map.of("proxy", proxy));
    }

    private static String body(String method, String proxy) {
        return customerApiLike().route(proxied(method, proxy)).getBody();
    }

    @Test
    void theDetailRouteTakesTheRestOfThePathAsTheCustomerId() {
        assertEquals("detail {storeId=1, customerId=a/b}", body("GET", "stores/1/customers/a/b"));
        assertEquals("detail {storeId=1, customerId=a/b/c}", body("GET", "stores/1/customers/a/b/c"));
        assertEquals("detail {storeId=1, customerId=cus_48213}", body("GET", "stores/1/customers/cus_48213"));
    }

    @Test
    void emptySegmentsAreDroppedAsBefore() {
        assertEquals("detail {storeId=1, customerId=a/b}", body("GET", "stores/1/customers/a//b/"));
        assertEquals("list {storeId=1}", body("GET", "stores/1/customers/"));
    }

    @Test
    void theOtherRoutesMatchAsBefore() {
        assertEquals("stores {}", body("GET", "stores"));
        assertEquals("list {storeId=1}", body("GET", "stores/1/customers"));
        assertEquals("summary {storeId=1}", body("GET", "stores/1/summary"));
        ApiException extra = assertThrows(ApiException.class, () -> body("GET", "stores/1/summary/x"));
        assertEquals(ErrorCode.ROUTE_NOT_FOUND, extra.code());
        ApiException unknown = assertThrows(ApiException.class, () -> body("GET", "stores/1/orders/a/b"));
        assertEquals(ErrorCode.ROUTE_NOT_FOUND, unknown.code());
    }

    @Test
    void anotherMethodOnAGreedyPathIs405WithAllow() {
        ApiException e = assertThrows(ApiException.class, () -> body("POST", "stores/1/customers/a/b"));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, e.code());
        assertEquals("GET", e.headers().get("Allow"));
    }

    @Test
    void aRoutePatternAsResourceWorksToo() {
        // The local stack and tests may send the route's own pattern as the resource.
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource("/v1/stores/{storeId}/customers/{customerId}")
                .withPathParameters(Map.of("storeId", "7", "customerId", "x/y"));
        assertEquals(
                "detail {storeId=7, customerId=x/y}",
                customerApiLike().route(event).getBody());
    }

    @Test
    void templatesAndUsageLabelsShowAGreedySegmentWithoutItsPlus() {
        assertEquals(
                List.of(
                        "GET /v1/stores",
                        "GET /v1/stores/{storeId}/customers",
                        "GET /v1/stores/{storeId}/customers/{customerId}",
                        "GET /v1/stores/{storeId}/summary"),
                customerApiLike().routes().stream().map(ApiRoute::usageLabel).toList());
    }

    @Test
    void aHandlerSeesTheRouteItMatched() {
        Router router = new Router();
        ApiRoute usage = ApiRoute.withScope("GET", "/v1/usage", "usage:read");
        router.add(usage, r -> answer(r.route().scope() + " " + r.route().usageLabel(), r));
        assertEquals(
                "usage:read GET /v1/usage {}",
                router.route(proxied("GET", "usage")).getBody());
    }

    @Test
    void onlyTheLastSegmentMayBeGreedy() {
        assertThrows(IllegalArgumentException.class, () -> ApiRoute.open("GET", "/v1/{rest+}/x"));
    }

    @Test
    void aRouteIsDeclaredWithTheAccessItNeeds() {
        assertThrows(IllegalArgumentException.class, () -> new ApiRoute("GET", "/v1/x", ApiRoute.Access.API_KEY, null));
        assertThrows(IllegalArgumentException.class, () -> new ApiRoute("GET", "/v1/x", ApiRoute.Access.ADMIN, "s"));
        assertThrows(IllegalArgumentException.class, () -> ApiRoute.open("get", "/v1/x"));
        assertThrows(IllegalArgumentException.class, () -> ApiRoute.open("GET", "/v1/x{y}"));
        assertThrows(IllegalArgumentException.class, () -> ApiRoute.open("GET", "v1/x"));
    }

    @Test
    void aCatalogueRefusesARouteTwiceAndARouterThatDoesNotServeItExactly() {
        RouteCatalogue catalogue = new RouteCatalogue("test");
        ApiRoute one = catalogue.add(ApiRoute.withScope("GET", "/v1/stores/{storeId}", "stores:read"));
        ApiRoute two = catalogue.add(ApiRoute.admin("DELETE", "/v1/stores/{storeId}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> catalogue.add(ApiRoute.withScope("GET", "/v1/stores/{id}", "stores:read")),
                "the same method and shape under another parameter name would shadow it");

        Router partial = new Router().add(one, r -> answer("one", r));
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> catalogue.requireServedBy(partial));
        assertTrue(missing.getMessage().contains("DELETE /v1/stores/{storeId}"), missing.getMessage());

        Router extra = new Router()
                .add(one, r -> answer("one", r))
                .add(two, r -> answer("two", r))
                .add(ApiRoute.open("GET", "/health"), r -> answer("health", r));
        IllegalStateException undeclared =
                assertThrows(IllegalStateException.class, () -> catalogue.requireServedBy(extra));
        assertTrue(undeclared.getMessage().contains("GET /health"), undeclared.getMessage());

        catalogue.requireServedBy(new Router().add(two, r -> answer("two", r)).add(one, r -> answer("one", r)));
    }
}
