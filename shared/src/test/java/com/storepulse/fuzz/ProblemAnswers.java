package com.storepulse.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import java.io.IOException;
import java.util.Map;

/** What the HTTP functions' fuzz suites check of an error answer: one problem+json rule for both. */
public final class ProblemAnswers {

    private ProblemAnswers() {}

    /** Why an error answer is not a problem with a code and the correlation id, or null. */
    public static String problemError(Map<String, String> headers, String body) {
        if (!"application/problem+json".equals(header(headers, "Content-Type"))) {
            return "not problem+json: " + header(headers, "Content-Type");
        }
        JsonNode problem = parse(body);
        if (problem == null) {
            return "not JSON";
        }
        if (!problem.path("code").isTextual() || problem.path("code").asText().isEmpty()) {
            return "no code";
        }
        String correlationId = problem.path("correlationId").asText("");
        if (correlationId.isEmpty() || !correlationId.equals(header(headers, "X-Correlation-Id"))) {
            return "no correlation id, or not the header's";
        }
        return null;
    }

    /** A header's value, its name matched without case as HTTP does, or null. */
    public static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The body without the problem's {@code instance}: the path the caller sent, echoed. */
    public static String withoutInstance(String body) {
        JsonNode node = parse(body);
        if (node instanceof ObjectNode object && object.has("instance")) {
            object.remove("instance");
            return object.toString();
        }
        return body;
    }

    /** The body as JSON, or null when it is not JSON (then it is scanned as it is). */
    public static JsonNode parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
