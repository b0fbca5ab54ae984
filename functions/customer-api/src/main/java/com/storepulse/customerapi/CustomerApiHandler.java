package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayHandler;
import com.storepulse.snapstart.SnapStartResources;
import jakarta.inject.Inject;

/**
 * Lambda entry point of the customer API (API Gateway REST, payload 1.0): {@link
 * ApiGatewayHandler} with {@link CustomerApiRoutes}. Why a small router rather than the
 * api-proxy's controllers: docs/architecture.md and docs/cold-start.md. The usage-flush schedule
 * has a function of its own ({@link UsageFlushHandler}).
 */
public class CustomerApiHandler extends ApiGatewayHandler {

    @Inject
    CustomerApiRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public CustomerApiHandler() {
        super(LambdaContexts.builder());
    }

    @Override
    protected APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        return routes.route(event);
    }
}
