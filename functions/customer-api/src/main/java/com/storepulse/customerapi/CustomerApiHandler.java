package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import jakarta.inject.Inject;
import java.io.Closeable;

/**
 * Lambda entry point of the customer API (API Gateway REST, payload 1.0). Thin on purpose:
 * correlation, logging, metrics and errors are {@link ApiGatewayExchange}'s, routes are
 * {@link CustomerApiRoutes}'.
 *
 * <p>A Micronaut function that builds its application context once, during Lambda init (so
 * SnapStart snapshots it), with micronaut-function-aws' Lambda configuration, and injects
 * itself, as {@code MicronautRequestHandler} does. It does not extend
 * {@code MicronautRequestHandler}: that class's final {@code handleRequest} registers the Lambda
 * {@code Context} as new beans on every invocation (two bean definitions per call in Micronaut
 * AWS 4.11), so a warm instance grows and slows down; the {@code Context} is passed to the
 * exchange instead. Why a small router rather than the api-proxy's controllers:
 * docs/architecture.md and docs/cold-start.md.
 */
public class CustomerApiHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>,
                ApplicationContextProvider,
                Closeable {

    private final ApplicationContext applicationContext;

    @Inject
    ApiGatewayExchange exchange;

    @Inject
    CustomerApiRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public CustomerApiHandler() {
        this.applicationContext = LambdaContexts.startAndInject(this);
    }

    /** An API Gateway request; the usage-flush schedule has a function of its own ({@link UsageFlushHandler}). */
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return exchange.handle(context, event, routes::route);
    }

    @Override
    public ApplicationContext getApplicationContext() {
        return applicationContext;
    }

    @Override
    public void close() {
        applicationContext.close();
    }
}
