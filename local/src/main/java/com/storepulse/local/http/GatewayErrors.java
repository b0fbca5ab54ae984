package com.storepulse.local.http;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP server answers before any handler runs (a request line or header that is not
 * HTTP/1.1, a request target that is not a URI, a Content-Length that is not a number, headers over {@link
 * LocalHttpServer#MAX_REQUEST_HEAD_BYTES}, an unknown HTTP version) and what escapes a handler:
 * problem+json with a {@code GATEWAY_} code and a correlation id, never Jetty's HTML page. The
 * status is Jetty's (400, 431, 505, ...); the detail is ours, since the parser's message may
 * quote the request. The parser's message goes to the stack's output.
 */
final class GatewayErrors extends ErrorHandler {

    private final PrintStream log;

    GatewayErrors(PrintStream log) {
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        String correlationId = UUID.randomUUID().toString();
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        log.println("front door: answered " + status + " (correlation id " + correlationId + "): "
                + (cause == null ? request.getAttribute(ERROR_MESSAGE) : cause));
        Responses.GatewayProblem problem = status >= 500 && status != 505
                ? new Responses.GatewayProblem(
                        status,
                        "DEFAULT_5XX",
                        "Internal server error",
                        "the local stack failed to handle this request; see its output")
                : new Responses.GatewayProblem(
                        status,
                        "BAD_REQUEST",
                        "Bad Request",
                        status == 404
                                ? "no handler serves this path"
                                : "the request is not well-formed HTTP/1.1 (its request target, a header"
                                        + " or their size); it reached no function");
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        response.setStatus(status);
        problem.headers(correlationId)
                .forEach((name, values) -> response.getHeaders().put(name, values));
        response.write(true, ByteBuffer.wrap(problem.body(path, correlationId)), callback);
        return true;
    }
}
