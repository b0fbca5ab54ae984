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

/**
 * The one HTTP entry point: Lambda Invoke API calls go to {@link InvokeApi}; every other request
 * becomes an API Gateway proxy event for the function its path routes to, and the function's
 * proxy response becomes the HTTP response. Failures answer as API Gateway would (502), but
 * with a problem+json body that says what went wrong locally.
 */
public final class FrontDoor implements HttpHandler {

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
        try {
            if (exchange.getRequestURI().getPath().startsWith(InvokeApi.PATH_PREFIX)) {
                invokeApi.handle(exchange);
            } else {
                proxy(exchange);
            }
        } catch (RuntimeException e) {
            log.println("front door: unexpected " + e);
            e.printStackTrace(log);
            if (exchange.getResponseCode() == -1) { // nothing sent yet
                Responses.problem(
                        exchange, 500, "Internal Server Error", "the local stack failed to handle this request");
            }
        } finally {
            exchange.close();
        }
    }

    private void proxy(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<Routes.Match> match = routes.match(path);
        if (match.isEmpty()) {
            Responses.problem(exchange, 404, "Not Found", "no function serves " + path);
            return;
        }
        String name = match.get().function();
        Optional<LocalFunction> function = functions.available(name);
        if (function.isEmpty()) {
            Responses.problem(
                    exchange,
                    502,
                    "Bad Gateway",
                    "function " + name + " is not available in this build"
                            + " (its handler class is not on the classpath)");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        byte[] event = Json.write(ProxyEvents.build(exchange, match.get(), body, ProxyEvents.newRequestId()))
                .getBytes(StandardCharsets.UTF_8);
        InvocationResult result = function.get().invoke(event);
        if (result.failed()) {
            Responses.problem(
                    exchange,
                    502,
                    "Bad Gateway",
                    "function " + name + " failed (request " + result.requestId()
                            + "); the stack trace is in the local stack's output");
            return;
        }
        ProxyResponses.HttpResponse response;
        try {
            response = ProxyResponses.parse(result.payload());
        } catch (ProxyResponses.MalformedResponse e) {
            log.println("[" + name + "] malformed Lambda proxy response: " + e.getMessage());
            Responses.problem(
                    exchange,
                    502,
                    "Bad Gateway",
                    "malformed Lambda proxy response from " + name + ": " + e.getMessage());
            return;
        }
        Responses.send(exchange, response.status(), response.headers(), response.body());
    }
}
