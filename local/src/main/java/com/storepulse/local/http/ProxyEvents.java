package com.storepulse.local.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the API Gateway REST (payload 1.0) proxy event for an HTTP request, field by field as
 * API Gateway delivers it to Lambda: single- and multi-value headers and query parameters (null
 * when there are none; the single-value map keeps the last value), path parameters, the body
 * (base64 with {@code isBase64Encoded} for non-text content types) and the request context with
 * stage {@code local}.
 */
final class ProxyEvents {

    static final String STAGE = "local";
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private ProxyEvents() {}

    static ObjectNode build(HttpExchange exchange, Routes.Match match, byte[] body, String requestId) {
        String method = exchange.getRequestMethod(); // as sent: FrontDoor serves only methods in capitals
        String path = exchange.getRequestURI().getPath();
        Instant now = Instant.now();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();

        Map<String, List<String>> headers = headers(exchange, sourceIp);
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());

        ObjectNode event = Json.mapper().createObjectNode();
        event.put("resource", match.resource());
        event.put("path", path);
        event.put("httpMethod", method);
        putSingle(event, "headers", headers);
        putMulti(event, "multiValueHeaders", headers);
        putSingle(event, "queryStringParameters", query);
        putMulti(event, "multiValueQueryStringParameters", query);
        if (match.pathParameters() == null) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("resourceId", "local");
        context.put("resourcePath", match.resource());
        context.put("httpMethod", method);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("path", "/" + STAGE + path);
        context.put("accountId", "000000000000");
        context.put("protocol", exchange.getProtocol());
        context.put("stage", STAGE);
        context.put("domainPrefix", "localhost");
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("requestId", requestId);
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", sourceIp);
        identity.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        context.put("domainName", exchange.getRequestHeaders().getFirst("Host"));
        context.put("apiId", "local");

        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (isText(contentType, body)) {
            event.put("body", new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        }
        return event;
    }

    /**
     * Request headers as the client sent them plus the ones API Gateway adds. The JDK server
     * folds header names to "Content-type"; they are given back in the usual Title-Case (API
     * Gateway keeps the client's spelling, so handlers must look headers up case-insensitively).
     */
    private static Map<String, List<String>> headers(HttpExchange exchange, String sourceIp) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(titleCase(name), List.copyOf(values)));
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        headers.putIfAbsent(
                "X-Forwarded-Port",
                List.of(String.valueOf(exchange.getLocalAddress().getPort())));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of(traceId()));
        return headers;
    }

    static String titleCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static String traceId() {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
                + HexFormat.of().formatHex(random);
    }

    /** Query parameters, decoded; a parameter without '=' has the empty value. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a stray '%' (JettyExchange refuses such a target before this)
        }
    }

    private static void putSingle(ObjectNode event, String field, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            event.putNull(field);
            return;
        }
        ObjectNode node = event.putObject(field);
        values.forEach((name, list) -> node.put(name, list.get(list.size() - 1)));
    }

    private static void putMulti(ObjectNode event, String field, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            event.putNull(field);
            return;
        }
        ObjectNode node = event.putObject(field);
        values.forEach((name, list) -> {
            ArrayNode array = node.putArray(name);
            list.forEach(array::add);
        });
    }

    /** Text content types travel as-is; anything else (images, octet-stream, ...) as base64. */
    static boolean isText(String contentType, byte[] body) {
        if (contentType == null || contentType.isBlank()) {
            return isUtf8(body);
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/javascript")
                || type.equals("application/graphql");
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
