package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.HttpResponses;
import com.storepulse.http.Router;
import com.storepulse.webhooks.WebhookIntake;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** The route table: {@code POST /v1/webhooks/{sourceId}} to {@link WebhookIntake}. */
@Singleton
@Requires(property = WebhookIntakeBeans.FUNCTION_PROPERTY, value = "webhook-intake")
public class WebhookIntakeRoutes {

    /** Set on the answer to a duplicate delivery (its body is the first delivery's outcome). */
    public static final String DUPLICATE_HEADER = "Webhook-Duplicate";

    private final Router router = new Router();
    private final WebhookIntake intake;

    public WebhookIntakeRoutes(WebhookIntake intake) {
        this.intake = intake;
        router.add(
                WebhookIntakeCatalogue.RECEIVE, request -> receive(request.pathParameter("sourceId"), request.event()));
        WebhookIntakeCatalogue.CATALOGUE.requireServedBy(router);
    }

    public APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        return router.route(event);
    }

    private APIGatewayProxyResponseEvent receive(String sourceId, APIGatewayProxyRequestEvent event) {
        WebhookIntake.Receipt receipt = intake.receive(sourceId, WebhookRequests.signed(event));
        APIGatewayProxyResponseEvent response = HttpResponses.rawJson(200, receipt.outcome());
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put(DUPLICATE_HEADER, Boolean.toString(receipt.duplicate()));
        return response.withHeaders(headers);
    }
}
