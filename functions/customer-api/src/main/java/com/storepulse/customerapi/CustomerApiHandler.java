package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point of the customer API (API Gateway REST, payload 1.0). Thin on purpose:
 * correlation, logging, metrics and errors are {@link ApiGatewayExchange}'s, routes are
 * {@link CustomerApiRoutes}'. Why a MicronautRequestHandler with a small router rather than the
 * api-proxy's controllers: docs/architecture.md and docs/cold-start.md.
 */
public class CustomerApiHandler extends MicronautRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Inject
    ApiGatewayExchange exchange;

    @Inject
    CustomerApiRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    @Override
    public APIGatewayProxyResponseEvent execute(APIGatewayProxyRequestEvent event) {
        Context context = getApplicationContext().findBean(Context.class).orElse(null);
        return exchange.handle(context, event, routes::route);
    }
}
