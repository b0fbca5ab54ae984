package com.storepulse.customerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.snapstart.ConnectionWarmup;
import com.storepulse.testing.SharedFixtures;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real handler class, constructed the way Lambda does (no-arg constructor), fed events
 * deserialized the way the Lambda Java runtime does, against a real PostgreSQL.
 */
class CustomerApiHandlerTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static CustomerApiHandler handler;

    @BeforeAll
    static void start() {
        // as deployed: the application role, row-level security on
        System.setProperty("DATABASE_URL", TestDatabase.sharedApplicationJdbcUrl());
        handler = new CustomerApiHandler();
        // The handler's connection warm-up reads DATABASE_URL on its own thread when it opens the
        // pool; healthIs503WhenTheDatabaseIsUnreachable changes that process-wide setting for a
        // while, and a warm-up still running then pointed this handler at the unreachable port.
        handler.getApplicationContext().getBean(ConnectionWarmup.class).await(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        handler.close();
        System.clearProperty("DATABASE_URL");
    }

    static APIGatewayProxyRequestEvent event(Path file) throws IOException {
        PojoSerializer<APIGatewayProxyRequestEvent> serializer = LambdaEventSerializers.serializerFor(
                APIGatewayProxyRequestEvent.class, CustomerApiHandlerTest.class.getClassLoader());
        try (InputStream in = Files.newInputStream(file)) {
            return serializer.fromJson(in);
        }
    }

    /**
     * AWS's sample REST event in ../shared/corpora beside the checkout; a git worktree sits one
     * level deeper, so the nearest ancestor that has it wins.
     */
    static Path sampleEvent() {
        return SharedFixtures.require("corpora/aws-events/apigw_rest_event.json");
    }

    private static APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, LambdaContextStandIn.of("customer-api", "lambda-request-1"));
    }

    @Test
    void healthReportsTheDatabaseUpWithTheRequestIdAsCorrelationId() throws IOException {
        APIGatewayProxyResponseEvent response = invoke(event(REPO.resolve("events/customer-api-health.json")));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Json.mapper().readTree(response.getBody());
        assertEquals("up", body.get("database").asText());
        assertNotNull(body.get("cache"));
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals(
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", response.getHeaders().get("X-Correlation-Id"));
    }

    @Test
    void theRealApiGatewaySampleEventIsAcceptedAndAnUnknownRouteIsAProblem() throws IOException {
        APIGatewayProxyResponseEvent response = invoke(event(sampleEvent()));

        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertEquals("ROUTE_NOT_FOUND", problem.get("code").asText());
        assertEquals(404, problem.get("status").asInt());
        assertEquals("/my/path", problem.get("instance").asText());
        assertFalse(response.getBody().contains("Exception"), response.getBody());
        // Our rule (ApiGatewayExchange.correlationIdOf): API Gateway's request id when it is a safe id. The
        // sample's is the placeholder "id=", outside [A-Za-z0-9._:-], so a fresh id is made instead,
        // and the body and the X-Correlation-Id header carry the same one.
        String correlationId = problem.get("correlationId").asText();
        assertEquals("id=", event(sampleEvent()).getRequestContext().getRequestId());
        assertEquals(correlationId, UUID.fromString(correlationId).toString());
        assertEquals(correlationId, response.getHeaders().get("X-Correlation-Id"));
    }

    /** aws-lambda-go's fuller REST sample (a real-looking request id, CloudFront headers, an authorizer), unchanged. */
    @Test
    void theFullerRealSampleEventIsAProblemWhoseCorrelationIdIsItsRequestId() throws IOException {
        APIGatewayProxyRequestEvent event = event(sampleEvent().resolveSibling("apigw-request.json"));
        APIGatewayProxyResponseEvent response = invoke(event);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertEquals("ROUTE_NOT_FOUND", problem.get("code").asText());
        assertEquals("/hello/world", problem.get("instance").asText());
        assertEquals(
                "deef4878-7910-11e6-8f14-25afc3e9ae33",
                event.getRequestContext().getRequestId());
        assertEquals(
                event.getRequestContext().getRequestId(),
                problem.get("correlationId").asText());
        assertEquals(
                event.getRequestContext().getRequestId(), response.getHeaders().get("X-Correlation-Id"));
    }

    /** A real key of the fixture's tenant, stored hashed as the admin API would store it. */
    private static String realAcmeKey() {
        com.storepulse.auth.ApiKeys.GeneratedKey key = com.storepulse.auth.ApiKeys.generate();
        TestDatabase.shared()
                .jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes) VALUES (:t, :p, :h, 'handler-test', :s)")
                        .bind("t", QueryFixture.ACME)
                        .bind("p", key.prefix())
                        .bind("h", key.hash())
                        .bind("s", new String[] {"stores:read", "customers:read", "usage:read"})
                        .execute());
        return key.key();
    }

    /** The real sample event, pointed at a /v1 route the way API Gateway's {proxy+} resource delivers it. */
    private static APIGatewayProxyRequestEvent sampleAsCustomerList(String key) throws IOException {
        APIGatewayProxyRequestEvent event = event(sampleEvent());
        java.util.Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
        headers.put("x-api-key", key);
        return event.withResource("/v1/{proxy+}")
                .withPath("/prod/v1/stores/101/customers")
                .withPathParameters(java.util.Map.of("proxy", "stores/101/customers"))
                .withHeaders(headers);
    }

    @Test
    void theRealSampleEventReachesAV1RouteAndItsUnknownQueryParametersAreA400() throws IOException {
        QueryFixture.get();
        APIGatewayProxyResponseEvent response = invoke(sampleAsCustomerList(realAcmeKey()));

        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertEquals("VALIDATION_FAILED", problem.get("code").asText());
        assertEquals("parameter1", problem.at("/errors/0/field").asText());
    }

    @Test
    void theRealSampleEventListsCustomersThroughTheHandler() throws IOException {
        QueryFixture.get();
        APIGatewayProxyRequestEvent event = sampleAsCustomerList(realAcmeKey())
                .withQueryStringParameters(java.util.Map.of("limit", "5", "sort", "-churnRisk"))
                .withMultiValueQueryStringParameters(
                        java.util.Map.of("limit", java.util.List.of("5"), "sort", java.util.List.of("-churnRisk")));
        APIGatewayProxyResponseEvent response = invoke(event);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Json.mapper().readTree(response.getBody());
        assertEquals(5, body.get("items").size());
        assertTrue(body.get("nextCursor").asText().startsWith("v2."));
        assertEquals("100", response.getHeaders().get("RateLimit-Limit"), "the key's burst (V1 default)");
        assertNotNull(response.getHeaders().get("X-Correlation-Id"));

        APIGatewayProxyResponseEvent anonymous = invoke(sampleAsCustomerList("sp_live_unknown"));
        assertEquals(401, anonymous.getStatusCode());
    }

    @Test
    void aWrongMethodIs405WithAllow() throws IOException {
        APIGatewayProxyRequestEvent event =
                event(REPO.resolve("events/customer-api-health.json")).withHttpMethod("DELETE");
        APIGatewayProxyResponseEvent response = invoke(event);

        assertEquals(405, response.getStatusCode());
        assertEquals("GET", response.getHeaders().get("Allow"));
        assertEquals(
                "METHOD_NOT_ALLOWED",
                Json.mapper().readTree(response.getBody()).get("code").asText());
    }

    @Test
    void anEmptyEventIsA400ProblemNotAnException() throws IOException {
        APIGatewayProxyResponseEvent response = invoke(new APIGatewayProxyRequestEvent());

        assertEquals(400, response.getStatusCode());
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertEquals("MALFORMED_REQUEST", problem.get("code").asText());
        assertFalse(response.getBody().contains("Exception"), response.getBody());
    }

    @Test
    void healthIs503WhenTheDatabaseIsUnreachable() throws IOException {
        String previous = System.getProperty("DATABASE_URL");
        System.setProperty(
                "DATABASE_URL",
                "postgres://nobody@127.0.0.1:" + com.storepulse.devservers.DevServers.freePort() + "/none");
        System.setProperty("DB_CONNECT_TIMEOUT", "500");
        try (CustomerApiHandler isolated = new CustomerApiHandler()) {
            APIGatewayProxyResponseEvent response = isolated.handleRequest(
                    event(REPO.resolve("events/customer-api-health.json")),
                    LambdaContextStandIn.of("customer-api", "r2"));
            assertEquals(503, response.getStatusCode(), response.getBody());
            JsonNode body = Json.mapper().readTree(response.getBody());
            assertEquals("down", body.get("database").asText());
            assertTrue(body.has("checkedAt"));
        } finally {
            System.setProperty("DATABASE_URL", previous);
            System.clearProperty("DB_CONNECT_TIMEOUT");
        }
    }

    @Test
    void snapStartPrimingRunsTheRequestPathAndWritesNothing() {
        com.storepulse.snapstart.SnapStartResources snapStart =
                handler.getApplicationContext().getBean(com.storepulse.snapstart.SnapStartResources.class);
        String counts =
                "SELECT (SELECT count(*) FROM api_key_usage_daily) || '/' || (SELECT count(*) FROM webhook_event)";
        String before = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(counts).mapTo(String.class).one());

        com.storepulse.snapstart.PrimingReport report = snapStart.prime();

        assertTrue(report.succeeded(), report.toString());
        assertEquals(1, report.primersRun());
        assertEquals(
                before,
                TestDatabase.shared()
                        .jdbi()
                        .withHandle(
                                h -> h.createQuery(counts).mapTo(String.class).one()));
    }

    @Test
    void aWarmInstanceDoesNotAccumulateBeansAcrossInvocations() throws IOException {
        APIGatewayProxyRequestEvent health = event(REPO.resolve("events/customer-api-health.json"));
        invoke(health);
        int before = handler.getApplicationContext().getAllBeanDefinitions().size();
        for (int i = 0; i < 200; i++) {
            handler.handleRequest(health, LambdaContextStandIn.of("customer-api", "warm-" + i));
        }
        assertEquals(
                before,
                handler.getApplicationContext().getAllBeanDefinitions().size(),
                "every invocation must not register beans (a warm instance would slow down)");
    }
}
