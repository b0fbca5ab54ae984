package com.storepulse.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a function's API Gateway proxy response ({@code statusCode}, {@code headers},
 * {@code multiValueHeaders}, {@code body}, {@code isBase64Encoded}) as API Gateway does; anything
 * else is a malformed proxy response (API Gateway answers 502).
 */
final class ProxyResponses {

    record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {}

    static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    /** Set by the HTTP server itself; a function's value would be wrong or harmful. */
    private static final Set<String> SERVER_HEADERS =
            Set.of("content-length", "transfer-encoding", "connection", "date");

    private ProxyResponses() {}

    static HttpResponse parse(byte[] payload) throws MalformedResponse {
        JsonNode json;
        try {
            json = Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new MalformedResponse("the function returned invalid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new MalformedResponse("the function returned no proxy response object");
        }
        JsonNode status = json.get("statusCode");
        if (status == null || !status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            throw new MalformedResponse("the proxy response has no valid statusCode");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode multi = json.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            multi.properties().forEach(e -> e.getValue().forEach(v -> add(headers, e.getKey(), v.asText())));
        }
        JsonNode single = json.get("headers");
        if (single != null && single.isObject()) {
            single.properties().forEach(e -> {
                List<String> existing = headers.get(e.getKey());
                if (existing == null || !existing.contains(e.getValue().asText())) {
                    add(headers, e.getKey(), e.getValue().asText());
                }
            });
        }
        JsonNode body = json.get("body");
        byte[] bytes = new byte[0];
        if (body != null && !body.isNull()) {
            String text = body.isTextual() ? body.asText() : body.toString();
            JsonNode encoded = json.get("isBase64Encoded");
            if (encoded != null && encoded.asBoolean()) {
                try {
                    bytes = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponse("isBase64Encoded is true but the body is not base64");
                }
            } else {
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new HttpResponse(status.asInt(), headers, bytes);
    }

    private static void add(Map<String, List<String>> headers, String name, String value) {
        if (!SERVER_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }
}
