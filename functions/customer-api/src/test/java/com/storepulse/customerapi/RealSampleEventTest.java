package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.db.TenantScope;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS's own API Gateway REST sample event ({@code apigw_rest_event.json}, deserialized the way
 * the Lambda Java runtime does) drives real routes through {@link CustomerApiHandler#handleRequest}
 * to a 200 with the expected body, on the real admission, PostgreSQL and Redis. The event is the
 * sample unchanged except for what routes it (resource, path, pathParameters), the key header
 * (added to both header maps, as API Gateway fills both) and its query string, which is dropped:
 * the sample's {@code parameter1}/{@code parameter2} are unknown to every route, and an unknown
 * parameter is a 400 by design (CustomerApiHandlerTest shows that 400 with the sample's query).
 * Its multiValueHeaders (Header2 twice), requestContext, body and stage stay as AWS wrote them.
 */
class RealSampleEventTest {

    private static final List<String> CHANGED = List.of(
            "resource",
            "path",
            "pathParameters",
            "headers",
            "multiValueHeaders",
            "queryStringParameters",
            "multiValueQueryStringParameters");

    private static RealApi api;
    private static String key;

    @BeforeAll
    static void start() {
        api = new RealApi();
        key = api.issueKey(ACME, "[\"stores:read\",\"customers:read\"]", null, 600, 100);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** The sample, pointed at {@code apiPath} through the template's {@code /v1/{proxy+}} resource, with {@code key}. */
    private static APIGatewayProxyRequestEvent sampleAt(String apiPath, String key) throws IOException {
        APIGatewayProxyRequestEvent sample = CustomerApiHandlerTest.event(CustomerApiHandlerTest.sampleEvent());
        Map<String, String> headers = new HashMap<>(sample.getHeaders());
        headers.put("x-api-key", key);
        Map<String, List<String>> multiValueHeaders = new HashMap<>(sample.getMultiValueHeaders());
        multiValueHeaders.put("x-api-key", List.of(key));
        APIGatewayProxyRequestEvent event = CustomerApiHandlerTest.event(CustomerApiHandlerTest.sampleEvent())
                .withResource("/v1/{proxy+}")
                .withPath(apiPath)
                .withPathParameters(Map.of("proxy", apiPath.substring("/v1/".length())))
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withQueryStringParameters(null)
                .withMultiValueQueryStringParameters(null);
        assertEquals(withoutRouting(sample), withoutRouting(event), "everything else is the sample as AWS wrote it");
        assertEquals(List.of("value1", "value2"), event.getMultiValueHeaders().get("Header2"));
        assertNotNull(event.getRequestContext());
        return event;
    }

    private static JsonNode withoutRouting(APIGatewayProxyRequestEvent event) {
        ObjectNode json = Json.mapper().valueToTree(event);
        CHANGED.forEach(json::remove);
        return json;
    }

    private static void assertOkJsonWithFreshCorrelationId(RealApi.Reply reply) {
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        assertEquals("application/json", reply.headers().get("Content-Type"));
        assertEquals("100", reply.headers().get("RateLimit-Limit"));
        assertNotNull(reply.headers().get("RateLimit-Remaining"));
        // The sample's request id is the placeholder "id=", outside the correlation id alphabet
        // ([A-Za-z0-9._:-]): the handler makes a fresh one rather than echo it into logs and headers.
        String correlationId = reply.headers().get("X-Correlation-Id");
        assertEquals("id=", reply.requestId());
        assertNotEquals("id=", correlationId);
        assertEquals(correlationId, UUID.fromString(correlationId).toString());
    }

    @Test
    void theSampleEventReadsACustomerDetailWithTheExpectedBody() throws IOException {
        String customerId = "C-000042";
        RealApi.Reply reply = api.send(sampleAt("/v1/stores/" + ACME_MAIN + "/customers/" + customerId, key));

        assertOkJsonWithFreshCorrelationId(reply);
        JsonNode expected = Json.mapper()
                .readTree(Json.writeBytes(TenantScope.call(
                        ACME,
                        () -> QueryFixture.get() // as the store's tenant (RLS)
                                .customers
                                .detail(ACME_MAIN, customerId, CustomerRoutes.DETAIL_ORDERS)
                                .orElseThrow())));
        assertEquals(expected, reply.body(), "the body is the customer's detail");
        // And the figures are the rows' own (fixture.sql, i = 42), not only what the repository says.
        Map<String, Object> row = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT c.email, c.first_name, s.predicted_ltv, s.churn_risk
                        FROM dim_customer c JOIN customer_score s USING (customer_id)
                        WHERE c.store_id = :store AND c.external_id = :id""")
                        .bind("store", ACME_MAIN)
                        .bind("id", customerId)
                        .mapToMap()
                        .one());
        assertEquals(customerId, reply.body().path("customerId").asText());
        assertEquals(row.get("email"), reply.body().at("/profile/email").asText());
        assertEquals(
                row.get("first_name"), reply.body().at("/profile/firstName").asText());
        assertEquals(
                0,
                ((BigDecimal) row.get("predicted_ltv"))
                        .compareTo(reply.body().at("/scores/predictedLtv").decimalValue()));
        assertEquals(
                0,
                new BigDecimal(row.get("churn_risk").toString())
                        .compareTo(reply.body().at("/scores/churnRisk").decimalValue()));
    }

    @Test
    void theSampleEventListsTheKeysStores() throws IOException {
        RealApi.Reply reply = api.send(sampleAt("/v1/stores", key));

        assertOkJsonWithFreshCorrelationId(reply);
        List<Map<String, Object>> stores = TestDatabase.shared()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("""
                        SELECT s.store_id, s.name, s.currency,
                               (SELECT count(*) FROM dim_customer c WHERE c.store_id = s.store_id AND c.deleted_at IS NULL) AS customers
                        FROM store s WHERE s.tenant_id = :tenant ORDER BY s.store_id""").bind("tenant", ACME).mapToMap().list());
        JsonNode items = reply.body().path("items");
        assertEquals(stores.size(), items.size(), items.toString());
        for (int i = 0; i < stores.size(); i++) {
            Map<String, Object> store = stores.get(i);
            JsonNode item = items.get(i);
            assertEquals(
                    ((Number) store.get("store_id")).longValue(),
                    item.path("storeId").asLong());
            assertEquals(store.get("name"), item.path("name").asText());
            assertEquals(store.get("currency"), item.path("currency").asText());
            assertEquals(
                    ((Number) store.get("customers")).longValue(),
                    item.path("customers").asLong());
        }
        assertTrue(items.toString().contains("\"storeId\":" + ACME_MAIN));
    }
}
