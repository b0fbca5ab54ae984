package com.storepulse.customerapi.request;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/** The address a request came from, as API Gateway saw it: what the audit log records beside the key. */
public final class ClientAddress {

    private ClientAddress() {}

    /** The source IP of {@code event}'s request context (null when the event carries none). */
    public static String of(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        return context == null || context.getIdentity() == null
                ? null
                : context.getIdentity().getSourceIp();
    }
}
