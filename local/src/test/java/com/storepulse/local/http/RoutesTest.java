package com.storepulse.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void webhooksGoToWebhookIntakeAndEverythingElseToCustomerApi() {
        Routes routes = Routes.storePulse();
        assertEquals(
                "webhook-intake",
                routes.match("/v1/webhooks/shopify").orElseThrow().function());
        assertEquals(
                "webhook-intake", routes.match("/v1/webhooks").orElseThrow().function());
        assertEquals("customer-api", routes.match("/v1/webhooksx").orElseThrow().function());
        assertEquals(
                "customer-api", routes.match("/v1/customers/7").orElseThrow().function());
        assertEquals("customer-api", routes.match("/").orElseThrow().function());

        // The resources template.yaml declares, so handlers see what API Gateway would send.
        Routes.Match stores = routes.match("/v1/stores/7/customers").orElseThrow();
        assertEquals("/v1/{proxy+}", stores.resource());
        assertEquals(Map.of("proxy", "stores/7/customers"), stores.pathParameters());
        assertEquals("/health", routes.match("/health").orElseThrow().resource());
        Routes.Match webhook = routes.match("/v1/webhooks/src_abc").orElseThrow();
        assertEquals("/v1/webhooks/{sourceId}", webhook.resource());
        assertEquals(Map.of("sourceId", "src_abc"), webhook.pathParameters());
    }

    @Test
    void templatesGiveResourceAndPathParameters() {
        Routes routes = new Routes()
                .add(new Routes.Route(
                        "/v1/stores",
                        "api",
                        List.of(
                                "/v1/stores/{storeId}/customers/{customerId}",
                                "/v1/stores/{storeId}",
                                "/v1/stores/{proxy+}")));
        Routes.Match match = routes.match("/v1/stores/3/customers/c-9").orElseThrow();
        assertEquals("/v1/stores/{storeId}/customers/{customerId}", match.resource());
        assertEquals(Map.of("storeId", "3", "customerId", "c-9"), match.pathParameters());
        assertEquals(
                "/v1/stores/{storeId}",
                routes.match("/v1/stores/3").orElseThrow().resource());
        assertEquals(
                Map.of("proxy", "3/orders/x"),
                routes.match("/v1/stores/3/orders/x").orElseThrow().pathParameters());
        Routes.Match bare = routes.match("/v1/stores").orElseThrow();
        assertEquals("/v1/stores", bare.resource());
        assertNull(bare.pathParameters());
        assertNull(Routes.matchTemplate("/a/{id}", "/a/"));
    }

    @Test
    void queryStringsDecodeLikeApiGateway() {
        assertEquals(
                Map.of("a", List.of("1", "2"), "b", List.of("x y"), "c", List.of("")),
                ProxyEvents.query("a=1&a=2&b=x%20y&c"));
        assertEquals("X-Amz-Date", ProxyEvents.titleCase("x-amz-date"));
    }

    @Test
    void invokeApiAcceptsNamesQualifiersAndArns() {
        assertEquals("customer-api", InvokeApi.functionNameOf("customer-api"));
        assertEquals("customer-api", InvokeApi.functionNameOf("customer-api:$LATEST"));
        assertEquals("customer-api", InvokeApi.functionNameOf("000000000000:function:customer-api"));
        assertEquals(
                "customer-api",
                InvokeApi.functionNameOf("arn:aws:lambda:us-east-1:000000000000:function:customer-api"));
        assertEquals(
                "customer-api",
                InvokeApi.functionNameOf("arn:aws:lambda:us-east-1:000000000000:function:customer-api:prod"));
    }
}
