package com.storepulse.local.http;

import com.storepulse.json.Json;
import com.storepulse.local.lambda.FunctionRegistry;
import com.storepulse.local.lambda.InvocationResult;
import com.storepulse.local.lambda.LocalFunction;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The one HTTP entry point: Lambda Invoke API calls go to {@link InvokeApi}; every other request
 * becomes an API Gateway proxy event for the function its path routes to, and the function's
 * proxy response becomes the HTTP response. It stands in for API Gateway, so it refuses what API
 * Gateway refuses, with API Gateway's status: a method API Gateway does not serve (methods are
 * case-sensitive: {@code get} is not {@code GET}) 403, a body over 10 MB 413 before the body is
 * read, a failed function 502 (docs/local-stack.md has the table). Each such error is problem+json
 * with a {@code GATEWAY_} code and the request id as correlation id ({@link Responses.GatewayProblem}).
 */
public final class FrontDoor implements HttpHandler {

    /** API Gateway's payload limit: 10 MB. */
    static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    /** The methods API Gateway REST serves ({@code ANY} is these), spelled as they must be sent. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Routes routes;
    private final FunctionRegistry functions;
    private final InvokeApi invokeApi;
    private final PrintStream log;

    public FrontDoor(Routes routes, FunctionRegistry functions, String region, PrintStream log) {
        this.routes = routes;
        this.functions = functions;
        this.invokeApi = new InvokeApi(functions, region);
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = ProxyEvents.newRequestId();
        try {
            if (exchange.getRequestURI().getPath().startsWith(InvokeApi.PATH_PREFIX)) {
                invokeApi.handle(exchange);
            } else {
                proxy(exchange, requestId);
            }
        } catch (RuntimeException e) {
            log.println("front door: unexpected " + e + " (request " + requestId + ")");
            e.printStackTrace(log);
            if (exchange.getResponseCode() == -1) { // nothing sent yet
                Responses.problem(
                        exchange,
                        new Responses.GatewayProblem(
                                500,
                                "DEFAULT_5XX",
                                "Internal server error",
                                "the local stack failed to handle this request; see its output"),
                        requestId);
            }
        } finally {
            exchange.close();
        }
    }

    private void proxy(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        if (!METHODS.contains(method)) {
            Responses.problem(
                    exchange,
                    Responses.GatewayProblem.missingAuthenticationToken(
                            "API Gateway serves GET, HEAD, POST, PUT, DELETE, PATCH and OPTIONS, spelled in capitals"),
                    requestId);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Optional<Routes.Match> match = routes.match(path);
        if (match.isEmpty()) {
            Responses.problem(
                    exchange,
                    Responses.GatewayProblem.missingAuthenticationToken("no resource has this path"),
                    requestId);
            return;
        }
        String name = match.get().function();
        Optional<LocalFunction> function = functions.available(name);
        if (function.isEmpty()) {
            Responses.problem(
                    exchange,
                    Responses.GatewayProblem.functionMissing("function " + name + " is not available in this build"
                            + " (its handler class is not on the classpath)"),
                    requestId);
            return;
        }
        Optional<byte[]> body = body(exchange);
        if (body.isEmpty()) {
            exchange.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
            Responses.problem(exchange, Responses.GatewayProblem.requestTooLarge(MAX_BODY_BYTES), requestId);
            return;
        }
        byte[] event = Json.write(ProxyEvents.build(exchange, match.get(), body.get(), requestId))
                .getBytes(StandardCharsets.UTF_8);
        InvocationResult result = function.get().invoke(event);
        if (result.failed()) {
            Responses.problem(
                    exchange,
                    Responses.GatewayProblem.functionFailed("function " + name + " failed (request "
                            + result.requestId() + "); the stack trace is in the local stack's output"),
                    requestId);
            return;
        }
        ProxyResponses.HttpResponse response;
        try {
            response = ProxyResponses.parse(result.payload());
        } catch (ProxyResponses.MalformedResponse e) {
            log.println("[" + name + "] malformed Lambda proxy response: " + e.getMessage());
            Responses.problem(
                    exchange,
                    Responses.GatewayProblem.functionFailed(
                            "malformed Lambda proxy response from " + name + ": " + e.getMessage()),
                    requestId);
            return;
        }
        Responses.send(exchange, response.status(), response.headers(), response.body());
    }

    /**
     * The request body, or empty when it is larger than API Gateway takes: refused from its
     * Content-Length before a byte is read, or (a chunked body) once it passes the limit.
     */
    private static Optional<byte[]> body(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
            return Optional.empty(); // the server has checked that it is a number
        }
        byte[] read = exchange.getRequestBody().readNBytes((int) MAX_BODY_BYTES + 1);
        return read.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(read);
    }
}
