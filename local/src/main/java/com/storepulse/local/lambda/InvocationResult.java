package com.storepulse.local.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * What an invocation gave back: the result JSON, or (when {@code failed}) Lambda's error JSON
 * {@code {"errorMessage", "errorType", "stackTrace"}}. {@code logTail} is the last 4 KB logged.
 */
public record InvocationResult(String requestId, byte[] payload, boolean failed, byte[] logTail) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static InvocationResult error(String requestId, Throwable error, byte[] logTail) {
        return new InvocationResult(
                requestId, Json.write(errorJson(error)).getBytes(StandardCharsets.UTF_8), true, logTail);
    }

    static InvocationResult timeout(String requestId, double seconds, byte[] logTail) {
        ObjectNode json = Json.mapper()
                .createObjectNode()
                .put("errorMessage", String.format("%s Task timed out after %.2f seconds", requestId, seconds))
                .put("errorType", "Sandbox.Timedout");
        return new InvocationResult(requestId, Json.write(json).getBytes(StandardCharsets.UTF_8), true, logTail);
    }

    /** The shape the Lambda Java runtime reports an unhandled exception in (causes nested). */
    static ObjectNode errorJson(Throwable error) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("errorMessage", error.getMessage());
        json.put("errorType", error.getClass().getName());
        ArrayNode trace = json.putArray("stackTrace");
        for (StackTraceElement frame : error.getStackTrace()) {
            trace.add(frame.toString());
        }
        if (error.getCause() != null && error.getCause() != error) {
            json.set("cause", errorJson(error.getCause()));
        }
        return json;
    }
}
