package com.storepulse.local.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writing responses on the JDK HTTP server. */
final class Responses {

    private Responses() {}

    static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
        boolean noBody = body.length == 0
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || status == 204
                || status == 304
                || status < 200;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void json(HttpExchange exchange, int status, Map<String, List<String>> headers, Object body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@link GatewayProblem} for this exchange; {@code correlationId} is the request id API Gateway would give it. */
    static void problem(HttpExchange exchange, GatewayProblem problem, String correlationId) throws IOException {
        send(
                exchange,
                problem.status(),
                problem.headers(correlationId),
                problem.body(exchange.getRequestURI().getPath(), correlationId));
    }

    /**
     * An error of the front door itself, answered as API Gateway answers it where it has an answer
     * (the status), in the shape template.yaml's gateway responses give API Gateway's own errors:
     * RFC 9457 problem+json with {@code code} {@code GATEWAY_<response type>} and the request id as
     * {@code correlationId} (also in {@code X-Correlation-Id} and {@code x-amzn-RequestId}). The
     * detail must be safe to show: no stack trace, nothing the request sent.
     */
    record GatewayProblem(int status, String responseType, String title, String detail) {

        /** A method API Gateway does not serve (a lowercase {@code get}, {@code TRACE}), or no resource. */
        static GatewayProblem missingAuthenticationToken(String detail) {
            return new GatewayProblem(403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token", detail);
        }

        /** API Gateway's payload limit (10 MB); its own 413 cannot be customised, ours is still problem+json. */
        static GatewayProblem requestTooLarge(long limit) {
            return new GatewayProblem(
                    413,
                    "REQUEST_TOO_LARGE",
                    "Request Too Long",
                    "the request body is larger than API Gateway's limit of " + limit + " bytes");
        }

        /** The function failed, or answered something that is not a proxy response: API Gateway's 502. */
        static GatewayProblem functionFailed(String detail) {
            return new GatewayProblem(502, "DEFAULT_5XX", "Internal server error", detail);
        }

        /** API Gateway's answer when Lambda refuses the invocation (here: the function is not built). */
        static GatewayProblem functionMissing(String detail) {
            return new GatewayProblem(500, "API_CONFIGURATION_ERROR", "Internal server error", detail);
        }

        String code() {
            return "GATEWAY_" + responseType;
        }

        byte[] body(String instance, String correlationId) {
            ObjectNode problem = Json.mapper()
                    .createObjectNode()
                    .put("type", "about:blank")
                    .put("title", title)
                    .put("status", status)
                    .put("detail", detail)
                    .put("instance", instance)
                    .put("code", code())
                    .put("correlationId", correlationId);
            return Json.writeBytes(problem);
        }

        Map<String, List<String>> headers(String correlationId) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Content-Type", List.of("application/problem+json"));
            headers.put("X-Correlation-Id", List.of(correlationId));
            headers.put("x-amzn-RequestId", List.of(correlationId));
            headers.put("Cache-Control", List.of("no-store"));
            return headers;
        }
    }
}
