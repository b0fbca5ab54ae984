package com.storepulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.observability.Correlation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which correlation id an API Gateway request gets. */
class ApiGatewayCorrelationTest {

    @Test
    void apiGatewayRequestIdWins() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withRequestContext(
                        new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("c6af9ac6-7b61"))
                .withHeaders(Map.of("X-Correlation-Id", "from-caller"));
        assertEquals("c6af9ac6-7b61", ApiGatewayExchange.correlationIdOf(event));
    }

    @Test
    void withoutARequestIdAWellFormedCallerIdIsKeptAndAnythingElseReplaced() {
        APIGatewayProxyRequestEvent wellFormed =
                new APIGatewayProxyRequestEvent().withHeaders(Map.of("x-correlation-id", "caller-123"));
        assertEquals("caller-123", ApiGatewayExchange.correlationIdOf(wellFormed));

        APIGatewayProxyRequestEvent injected =
                new APIGatewayProxyRequestEvent().withHeaders(Map.of("X-Correlation-Id", "abc\r\nSet-Cookie: x=1"));
        String replaced = ApiGatewayExchange.correlationIdOf(injected);
        assertNotEquals("abc\r\nSet-Cookie: x=1", replaced);
        assertTrue(Correlation.isSafe(replaced), replaced);
        assertTrue(Correlation.isSafe(ApiGatewayExchange.correlationIdOf(new APIGatewayProxyRequestEvent())));
    }
}
