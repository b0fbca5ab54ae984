package com.storepulse.local.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import com.storepulse.local.lambda.FunctionIdentity;
import com.storepulse.local.lambda.FunctionRegistry;
import com.storepulse.local.lambda.InvocationResult;
import com.storepulse.local.lambda.LocalFunction;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}), so
 * {@code aws lambda invoke --endpoint-url http://localhost:3000} and the AWS SDKs work against the
 * local stack. FunctionName may be a name, {@code name:qualifier}, a partial ARN
 * ({@code 000000000000:function:name}) or a full ARN. Supports the RequestResponse (default),
 * Event (202, runs in the background) and DryRun (204) invocation types and
 * {@code X-Amz-Log-Type: Tail}.
 */
final class InvokeApi {

    static final String PATH_PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";

    private final FunctionRegistry functions;
    private final String region;

    InvokeApi(FunctionRegistry functions, String region) {
        this.functions = functions;
        this.region = region;
    }

    void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.endsWith(SUFFIX) || rawPath.length() <= PATH_PREFIX.length() + SUFFIX.length()) {
            error(
                    exchange,
                    404,
                    "UnknownOperationException",
                    "Unknown operation " + exchange.getRequestMethod() + " " + rawPath);
            return;
        }
        if (!exchange.getRequestMethod().equalsIgnoreCase("POST")) {
            error(exchange, 405, "MethodNotAllowedException", "Invoke takes POST");
            return;
        }
        String functionName = URLDecoder.decode(
                rawPath.substring(PATH_PREFIX.length(), rawPath.length() - SUFFIX.length()), StandardCharsets.UTF_8);
        String name = functionNameOf(functionName);
        Optional<LocalFunction> function = functions.available(name);
        if (function.isEmpty()) {
            error(
                    exchange,
                    404,
                    "ResourceNotFoundException",
                    "Function not found: " + FunctionIdentity.arn(name, region));
            return;
        }
        byte[] payload = exchange.getRequestBody().readAllBytes();
        if (!isJsonOrEmpty(payload)) {
            error(exchange, 400, "InvalidRequestContentException", "Could not parse request body into json");
            return;
        }
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        switch (invocationType) {
            case "DryRun" ->
                Responses.send(exchange, 204, requestIdHeader(UUID.randomUUID().toString()), new byte[0]);
            case "Event" -> {
                Thread.ofVirtual()
                        .name("invoke-async-" + name)
                        .start(() -> function.get().invoke(payload));
                Responses.send(exchange, 202, requestIdHeader(UUID.randomUUID().toString()), new byte[0]);
            }
            case "RequestResponse" -> respond(exchange, function.get().invoke(payload));
            default ->
                error(
                        exchange,
                        400,
                        "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun");
        }
    }

    private static void respond(HttpExchange exchange, InvocationResult result) throws IOException {
        Map<String, List<String>> headers = requestIdHeader(result.requestId());
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Amz-Executed-Version", List.of(FunctionIdentity.VERSION));
        if (result.failed()) {
            headers.put("X-Amz-Function-Error", List.of("Unhandled"));
        }
        if ("Tail".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
            headers.put("X-Amz-Log-Result", List.of(Base64.getEncoder().encodeToString(result.logTail())));
        }
        Responses.send(exchange, 200, headers, result.payload());
    }

    /** The function name inside any of the forms Lambda accepts (qualifiers are accepted and ignored). */
    static String functionNameOf(String functionName) {
        String[] parts = functionName.split(":");
        if (functionName.startsWith("arn:") && parts.length >= 7) {
            return parts[6];
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return parts[2];
        }
        return parts[0];
    }

    private static boolean isJsonOrEmpty(byte[] payload) {
        if (new String(payload, StandardCharsets.UTF_8).isBlank()) {
            return true;
        }
        try {
            Json.mapper().readTree(payload);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, List<String>> requestIdHeader(String requestId) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", List.of(requestId));
        return headers;
    }

    /** Lambda's error shape: the type in x-amzn-ErrorType, {"Type": "User", "message": ...} in the body. */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        Map<String, List<String>> headers = requestIdHeader(UUID.randomUUID().toString());
        headers.put("x-amzn-ErrorType", List.of(type));
        ObjectNode body = Json.mapper().createObjectNode().put("Type", "User").put("message", message);
        Responses.json(exchange, status, headers, body);
    }
}
