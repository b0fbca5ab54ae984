package com.storepulse.coldstart.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.coldstart.stores.StoreDirectory;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Variant A: a MicronautRequestHandler with a hand-written router. It switches on the API Gateway
 * resource template and method (never on the raw path), so a custom-domain base path such as
 * /api changes nothing, and its 404 body never echoes the request URI.
 */
public class StoreApiHandler extends MicronautRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Inject
    StoreDirectory stores;

    @Inject
    JsonMapper json;

    @Override
    public APIGatewayProxyResponseEvent execute(APIGatewayProxyRequestEvent event) {
        Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        return switch (event.getHttpMethod() + " " + event.getResource()) {
            case "GET /v1/stores/{storeId}" -> store(pathParameters.get("storeId"));
            case "GET /v1/{proxy+}" -> proxied(pathParameters.getOrDefault("proxy", ""));
            default -> notFound();
        };
    }

    /** Routes under the /v1/{proxy+} catch-all resource: the proxy parameter is the path below /v1. */
    private APIGatewayProxyResponseEvent proxied(String proxy) {
        String[] segments = proxy.split("/");
        if (segments.length == 2 && segments[0].equals("stores") && !segments[1].isEmpty()) {
            return store(segments[1]);
        }
        return notFound();
    }

    private APIGatewayProxyResponseEvent store(String storeId) {
        return respond(200, "application/json", stores.describe(storeId));
    }

    private APIGatewayProxyResponseEvent notFound() {
        return respond(404, "application/problem+json",
                Map.of("type", "about:blank", "title", "Not Found", "status", 404));
    }

    private APIGatewayProxyResponseEvent respond(int status, String contentType, Object body) {
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", contentType))
                    .withBody(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
