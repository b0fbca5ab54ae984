package com.storepulse.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void apiGatewayRequestIdWins() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withRequestContext(
                        new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("c6af9ac6-7b61"))
                .withHeaders(Map.of("X-Correlation-Id", "from-caller"));
        assertEquals("c6af9ac6-7b61", Correlation.fromApiGateway(event));
    }

    @Test
    void withoutARequestIdAWellFormedCallerIdIsKeptAndAnythingElseReplaced() {
        APIGatewayProxyRequestEvent wellFormed =
                new APIGatewayProxyRequestEvent().withHeaders(Map.of("x-correlation-id", "caller-123"));
        assertEquals("caller-123", Correlation.fromApiGateway(wellFormed));

        APIGatewayProxyRequestEvent injected =
                new APIGatewayProxyRequestEvent().withHeaders(Map.of("X-Correlation-Id", "abc\r\nSet-Cookie: x=1"));
        String replaced = Correlation.fromApiGateway(injected);
        assertNotEquals("abc\r\nSet-Cookie: x=1", replaced);
        assertTrue(Correlation.isSafe(replaced), replaced);
        assertTrue(Correlation.isSafe(Correlation.fromApiGateway(new APIGatewayProxyRequestEvent())));
    }

    @Test
    void webhookAndSyncIds() {
        assertEquals(
                "b5ac1c1e-2f2a-4d4b-9a1c-0d7d5f3e6a11", Correlation.idOrNew("b5ac1c1e-2f2a-4d4b-9a1c-0d7d5f3e6a11"));
        assertTrue(Correlation.isSafe(Correlation.idOrNew("has spaces")));
        assertNotEquals("has spaces", Correlation.idOrNew("has spaces"));
        assertEquals("sync-run-42", Correlation.forSyncRun(42));
    }
}
