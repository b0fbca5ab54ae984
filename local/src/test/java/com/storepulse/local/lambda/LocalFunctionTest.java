package com.storepulse.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.local.schedule.LocalSchedules;
import com.storepulse.local.testfunctions.EchoHandler;
import com.storepulse.local.testfunctions.MapEchoHandler;
import com.storepulse.local.testfunctions.ScheduledHandler;
import com.storepulse.local.testfunctions.SlowHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalFunctionTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private LocalFunction function(String name, Class<?> handler, Duration timeout) {
        return new LocalFunction(
                new FunctionIdentity(name, "eu-west-1"),
                handler.getName(),
                getClass().getClassLoader(),
                timeout,
                512,
                out);
    }

    @Test
    void findsInputAndOutputTypesThroughGenericBaseClasses() {
        HandlerTypes.InputOutput echo = HandlerTypes.of(EchoHandler.class);
        assertEquals(APIGatewayProxyRequestEvent.class, echo.input());
        assertEquals(APIGatewayProxyResponseEvent.class, echo.output());

        HandlerTypes.InputOutput map = HandlerTypes.of(MapEchoHandler.class);
        assertEquals(Map.class, ((ParameterizedType) map.input()).getRawType());
        assertEquals(Map.class, HandlerTypes.rawClass(map.output()));
        assertEquals(
                ScheduledEvent.class, HandlerTypes.of(ScheduledHandler.class).input());
    }

    @Test
    void aMissingHandlerClassIsNotAvailable() {
        LocalFunction missing = new LocalFunction(
                new FunctionIdentity("ghost", "eu-west-1"),
                "com.example.NoSuchHandler",
                getClass().getClassLoader(),
                Duration.ofSeconds(1),
                512,
                out);
        assertFalse(missing.available());
        InvocationResult result = missing.invoke("{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(result.failed());
        assertTrue(result.payloadText().contains("ClassNotFoundException"), result.payloadText());
    }

    @Test
    void scheduledEventsArriveThroughTheLambdaSerializer() {
        FunctionRegistry registry = new FunctionRegistry();
        registry.add(function("scheduled", ScheduledHandler.class, Duration.ofSeconds(10)));
        LocalSchedules schedules = new LocalSchedules(registry, "eu-west-1", out);
        InvocationResult result =
                schedules.fire(new LocalSchedules.Schedule("every-minute", "scheduled", Duration.ofMinutes(1)));
        assertFalse(result.failed(), result.payloadText());
        assertEquals(
                "\"Scheduled Event|aws.events|arn:aws:events:eu-west-1:000000000000:rule/every-minute|true\"",
                result.payloadText());
    }

    @Test
    void anInvocationPastTheTimeoutFailsLikeLambdaAndTheInstanceIsReplaced() throws Exception {
        LocalFunction slow = function("slow", SlowHandler.class, Duration.ofMillis(300));
        InvocationResult result = slow.invoke("{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(result.failed());
        JsonNode error = Json.mapper().readTree(result.payload());
        assertEquals("Sandbox.Timedout", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("Task timed out after 0.30 seconds"), error.toString());
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("instance is discarded"));
    }

    @Test
    void contextCarriesTheFunctionIdentity() throws Exception {
        LocalFunction echo = function("map-fn", MapEchoHandler.class, Duration.ofSeconds(10));
        InvocationResult result = echo.invoke("\"not a map\"".getBytes(StandardCharsets.UTF_8));
        assertTrue(result.failed(), "a string is not a Map: deserialization fails as on Lambda");
        InvocationResult ok = echo.invoke("{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode json = Json.mapper().readTree(ok.payload());
        assertEquals("map-fn", json.get("function").asText());
        assertEquals("java.util.LinkedHashMap", json.get("receivedType").asText());
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("REPORT map-fn RequestId: " + ok.requestId()));
    }
}
