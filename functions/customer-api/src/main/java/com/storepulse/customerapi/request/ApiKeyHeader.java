package com.storepulse.customerapi.request;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.auth.ApiKeyAuthenticator;
import com.storepulse.http.RequestHeaders;
import java.util.List;

/** The request's {@code x-api-key} values, as the admission and the authenticator read them. */
public final class ApiKeyHeader {

    private ApiKeyHeader() {}

    public static List<String> of(APIGatewayProxyRequestEvent event) {
        return RequestHeaders.values(event, ApiKeyAuthenticator.HEADER);
    }
}
