package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayHandler;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Lambda entry point of the webhook intake (API Gateway REST, payload 1.0): {@link
 * ApiGatewayHandler} with {@link WebhookIntakeRoutes}; the work is {@link
 * com.storepulse.webhooks.WebhookIntake}'s. Its context holds this function's beans only
 * ({@link WebhookIntakeBeans#FUNCTION_PROPERTY}).
 */
public class WebhookIntakeHandler extends ApiGatewayHandler {

    @Inject
    WebhookIntakeRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public WebhookIntakeHandler() {
        super(new LambdaApplicationContextBuilder()
                .properties(Map.of(WebhookIntakeBeans.FUNCTION_PROPERTY, "webhook-intake")));
    }

    @Override
    protected APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        return routes.route(event);
    }
}
