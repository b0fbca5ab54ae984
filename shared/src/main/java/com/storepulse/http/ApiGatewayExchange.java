package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.observability.Correlation;
import com.storepulse.observability.InvocationScope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One API Gateway invocation, the same way for every HTTP function: correlation id into the
 * logs, the work, any error as problem+json (never a stack trace), metrics flushed, and the
 * correlation id echoed in {@code X-Correlation-Id}.
 */
public final class ApiGatewayExchange {

    private final InvocationScope scope;

    public ApiGatewayExchange(InvocationScope scope) {
        this.scope = scope;
    }

    public APIGatewayProxyResponseEvent handle(
            Context context,
            APIGatewayProxyRequestEvent event,
            Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> work) {
        String correlationId = Correlation.fromApiGateway(event);
        return scope.withInvocation(context, correlationId, () -> {
            APIGatewayProxyResponseEvent response;
            try {
                response = work.apply(event);
            } catch (RuntimeException | Error e) {
                return ProblemResponses.toResponse(e, event == null ? null : event.getPath(), correlationId);
            }
            Map<String, String> headers =
                    response.getHeaders() == null ? new HashMap<>() : new HashMap<>(response.getHeaders());
            headers.put(Correlation.HEADER, correlationId);
            return response.withHeaders(headers);
        });
    }
}
