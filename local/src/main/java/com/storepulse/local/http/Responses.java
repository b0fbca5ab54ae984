package com.storepulse.local.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    /** An RFC 9457 problem; the detail must be safe to show (no stack trace). */
    static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        ObjectNode problem = Json.mapper()
                .createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(exchange, status, Map.of(), Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }
}
