package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextProvider;
import java.io.Closeable;

/**
 * The Lambda entry point of every API Gateway function (REST, payload 1.0): a function's handler
 * extends it with its route table. Thin on purpose: correlation, logging, metrics and errors are
 * {@link ApiGatewayExchange}'s, the routes the function's.
 *
 * <p>The function's Micronaut context is built once, during Lambda init (so SnapStart snapshots
 * it), from the builder the function gives (micronaut-function-aws' Lambda configuration and its
 * own properties), and the handler injects itself (its routes, its SnapStart hooks), as {@code
 * MicronautRequestHandler} does. It does not extend {@code MicronautRequestHandler}: that class's
 * final {@code handleRequest} registers the Lambda {@code Context} as new beans on every
 * invocation (two bean definitions per call in Micronaut AWS 4.11), so a warm instance grows and
 * slows down; the {@code Context} is passed to the exchange instead.
 */
public abstract class ApiGatewayHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>,
                ApplicationContextProvider,
                Closeable {

    private final ApplicationContext applicationContext;
    private final ApiGatewayExchange exchange;

    protected ApiGatewayHandler(ApplicationContextBuilder context) {
        this.applicationContext = context.build().start();
        started(applicationContext);
        applicationContext.inject(this);
        this.exchange = applicationContext.getBean(ApiGatewayExchange.class);
    }

    /**
     * Called once the context has started, before the handler's own beans (its routes and what
     * they need) are created: work that can run beside the rest of init starts here. The
     * subclass's fields are not set yet. Nothing by default.
     */
    protected void started(ApplicationContext context) {}

    /** The function's route table: the request to its answer (errors thrown become problems). */
    protected abstract APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event);

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return exchange.handle(context, event, this::route);
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
