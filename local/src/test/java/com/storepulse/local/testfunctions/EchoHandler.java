package com.storepulse.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.json.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers with what it was given, so tests can see the event exactly as the handler saw it. */
public class EchoHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        context.getLogger().log("echo " + event.getHttpMethod() + " " + event.getPath());
        if (event.getPath().endsWith("/binary")) {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                    .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
                    .withIsBase64Encoded(true);
        }
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("httpMethod", event.getHttpMethod());
        seen.put("path", event.getPath());
        seen.put("resource", event.getResource());
        seen.put("pathParameters", event.getPathParameters());
        seen.put("queryStringParameters", event.getQueryStringParameters());
        seen.put("multiValueQueryStringParameters", event.getMultiValueQueryStringParameters());
        seen.put(
                "queryIsNull",
                event.getQueryStringParameters() == null && event.getMultiValueQueryStringParameters() == null);
        seen.put("headers", event.getHeaders());
        seen.put("multiValueHeaders", event.getMultiValueHeaders());
        seen.put("body", event.getBody());
        seen.put("bodyIsNull", event.getBody() == null);
        seen.put("pathParametersIsNull", event.getPathParameters() == null);
        seen.put("isBase64Encoded", event.getIsBase64Encoded());
        seen.put("stage", event.getRequestContext().getStage());
        seen.put("requestId", event.getRequestContext().getRequestId());
        seen.put("requestTimeEpoch", event.getRequestContext().getRequestTimeEpoch());
        seen.put("sourceIp", event.getRequestContext().getIdentity().getSourceIp());
        seen.put("functionName", context.getFunctionName());
        seen.put("remainingMillis", context.getRemainingTimeInMillis());
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Echo", "yes"))
                .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
                .withBody(Json.write(seen));
    }
}
