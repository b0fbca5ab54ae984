package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.util.Map;

/**
 * Lambda entry point of the webhook intake (API Gateway REST, payload 1.0). Thin: correlation,
 * logging, metrics and problem+json are {@link ApiGatewayExchange}'s, the work is
 * {@link com.storepulse.webhooks.WebhookIntake}'s. Started like customer-api's handler (one
 * Micronaut context built during init, so SnapStart snapshots it).
 */
public class WebhookIntakeHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>,
                ApplicationContextProvider,
                Closeable {

    private final ApplicationContext applicationContext;

    @Inject
    ApiGatewayExchange exchange;

    @Inject
    WebhookIntakeRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public WebhookIntakeHandler() {
        ApplicationContextBuilder builder =
                ApplicationContext.builder().properties(Map.of(WebhookIntakeBeans.FUNCTION_PROPERTY, "webhook-intake"));
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        this.applicationContext = builder.build().start();
        applicationContext.inject(this);
    }

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
