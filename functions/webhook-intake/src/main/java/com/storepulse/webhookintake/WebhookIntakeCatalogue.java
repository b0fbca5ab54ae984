package com.storepulse.webhookintake;

import com.storepulse.http.ApiRoute;
import com.storepulse.http.RouteCatalogue;

/**
 * The webhook intake's one route. No API key: the signature is the authentication (each source's
 * scheme, docs/webhooks.md). template.yaml, the local stack and docs/openapi.yaml serve it too
 * (RouteConsistencyTest).
 */
public final class WebhookIntakeCatalogue {

    public static final RouteCatalogue CATALOGUE = new RouteCatalogue("webhook-intake");

    public static final ApiRoute RECEIVE = CATALOGUE.add(ApiRoute.open("POST", "/v1/webhooks/{sourceId}"));

    private WebhookIntakeCatalogue() {}
}
