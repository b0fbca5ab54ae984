package com.storepulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exception is answered as problem+json; an Error is logged and thrown on, never answered. */
class ApiGatewayExchangeTest {

    private final ApiGatewayExchange exchange =
            new ApiGatewayExchange(new InvocationScope(PowertoolsMetricsRecorder.create(
                    Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseExchangeTest")),
                    "customer-api")));

    private static APIGatewayProxyRequestEvent request(String requestId) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource("/health")
                .withPath("/health")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(requestId));
    }

    @Test
    void anExceptionIsAnsweredAs500ProblemJson() {
        APIGatewayProxyResponseEvent response =
                exchange.handle(LambdaContextStandIn.of("customer-api", "r-1"), request("req-exception"), e -> {
                    throw new IllegalStateException("bug");
                });
        assertEquals(500, response.getStatusCode());
        assertEquals(ProblemResponses.CONTENT_TYPE, response.getHeaders().get("Content-Type"));
        assertEquals("req-exception", response.getHeaders().get("X-Correlation-Id"));
    }

    @Test
    void anErrorPropagatesAndIsLoggedWithTheCorrelationId() {
        StackOverflowError overflow = new StackOverflowError("deep");
        try (CapturedLogs logs = new CapturedLogs()) {
            StackOverflowError thrown = assertThrows(
                    StackOverflowError.class,
                    () -> exchange.handle(LambdaContextStandIn.of("customer-api", "r-2"), request("req-error"), e -> {
                        throw overflow;
                    }));
            assertSame(overflow, thrown);
            JsonNode line = logs.line("fatal error (correlation id req-error), not answered: the invocation fails");
            assertEquals("ERROR", line.path("level").asText());
            assertEquals("req-error", line.path("correlation_id").asText());
            assertTrue(line.toString().contains("StackOverflowError"), line.toString());
        }
    }
}
