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
import com.storepulse.local.testfunctions.GateHandler;
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

    @Test
    void invocationsOverlapOnTheWarmInstance() throws Exception {
        GateHandler.OPEN = new java.util.concurrent.CountDownLatch(1);
        LocalFunction gate = function("gate", GateHandler.class, Duration.ofSeconds(30));
        java.util.concurrent.CompletableFuture<InvocationResult> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> gate.invoke("{\"do\":\"wait\"}".getBytes(StandardCharsets.UTF_8)));
        // The second invocation answers while the first still waits: nothing serializes them.
        InvocationResult quick = gate.invoke("{\"do\":\"answer\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(quick.failed(), quick.payloadText());
        assertFalse(waiting.isDone(), "the first invocation is still waiting");
        GateHandler.OPEN.countDown();
        assertEquals(
                "\"opened\"",
                waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).payloadText());
    }

    @Test
    void aVirtualMachineErrorReplacesTheInstanceAsLambdasRuntimeDoes() {
        LocalFunction gate = function("overflow", GateHandler.class, Duration.ofSeconds(30));
        int before = GateHandler.INSTANCES.get();
        assertFalse(gate.invoke("{}".getBytes(StandardCharsets.UTF_8)).failed());
        assertEquals(before + 1, GateHandler.INSTANCES.get());
        InvocationResult overflow = gate.invoke("{\"do\":\"overflow\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(overflow.failed());
        assertTrue(overflow.payloadText().contains("StackOverflowError"), overflow.payloadText());
        assertFalse(gate.invoke("{}".getBytes(StandardCharsets.UTF_8)).failed());
        assertEquals(before + 2, GateHandler.INSTANCES.get(), "a new instance after the error");
    }
}
