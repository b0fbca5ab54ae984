package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.observability.Correlation;
import com.storepulse.observability.InvocationScope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API Gateway invocation, the same way for every HTTP function: correlation id into the
 * logs, the work, any exception as problem+json (never a stack trace), metrics flushed, and the
 * correlation id echoed in {@code X-Correlation-Id}.
 *
 * <p>An {@link Error} (OutOfMemoryError, StackOverflowError, a class that failed to load) is not
 * answered: it is logged with the correlation id and thrown on, so the invocation fails. The Java
 * runtime then reports a function error (API Gateway answers 502, the Errors alarm counts it), and
 * for a {@link VirtualMachineError} it exits, so Lambda replaces the instance instead of keeping a
 * broken one warm.
 */
public final class ApiGatewayExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayExchange.class);

    private final InvocationScope scope;

    public ApiGatewayExchange(InvocationScope scope) {
        this.scope = scope;
    }

    public APIGatewayProxyResponseEvent handle(
            Context context,
            APIGatewayProxyRequestEvent event,
            Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> work) {
        String correlationId = correlationIdOf(event);
        return scope.withInvocation(context, correlationId, () -> {
            APIGatewayProxyResponseEvent response;
            try {
                response = work.apply(event);
            } catch (RuntimeException e) {
                return ProblemResponses.toResponse(e, event == null ? null : event.getPath(), correlationId);
            } catch (Error e) {
                LOG.error("fatal error (correlation id {}), not answered: the invocation fails", correlationId, e);
                throw e;
            }
            Map<String, String> headers =
                    response.getHeaders() == null ? new HashMap<>() : new HashMap<>(response.getHeaders());
            headers.put(Correlation.HEADER, correlationId);
            return response.withHeaders(headers);
        });
    }

    /**
     * The correlation id of an API Gateway request: the gateway's request id (what API Gateway's own
     * access logs show); without one (a hand-made local event) a well-formed {@code X-Correlation-Id}
     * from the caller; else a new id.
     */
    public static String correlationIdOf(APIGatewayProxyRequestEvent event) {
        if (event != null
                && event.getRequestContext() != null
                && Correlation.isSafe(event.getRequestContext().getRequestId())) {
            return event.getRequestContext().getRequestId();
        }
        return Correlation.idOrNew(event == null ? null : header(event.getHeaders(), Correlation.HEADER));
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }
}
