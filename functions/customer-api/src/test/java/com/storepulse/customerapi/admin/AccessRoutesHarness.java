package com.storepulse.customerapi.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.AdmissionHarness;
import com.storepulse.config.Settings;
import com.storepulse.customerapi.usage.UsageRoutes;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin and usage routes registered on a real {@link Router}, called through a real
 * {@link ApiGatewayExchange} (problem+json, correlation id) against the real test database:
 * what CustomerApiHandler will do once the routes are wired into it.
 */
public final class AccessRoutesHarness {

    public final AdmissionHarness access = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.local());
    private final Router router = new Router();
    private final ApiGatewayExchange exchange =
            new ApiGatewayExchange(new InvocationScope(PowertoolsMetricsRecorder.create(
                    Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseAccessTest")),
                    "customer-api")));

    public AccessRoutesHarness() {
        new AdminRoutes(
                        access.authenticator,
                        TestDatabase.shared(),
                        com.storepulse.config.Settings.of(java.util.Map.of(
                                com.storepulse.crypto.SecretBox.KEY_SETTING, com.storepulse.crypto.SecretBox.newKey())),
                        new com.storepulse.alerts.AlertSilences(
                                TestDatabase.shared().jdbi(), java.util.List.of()))
                .register(router);
        new UsageRoutes(access.admission, access.usageMeter).register(router);
    }

    /** A new tenant (slug {@code prefix-<random>}) and one store of it, through the admin routes: {tenantId, storeId}. */
    public long[] tenantAndStore(String prefix, String adminKey) {
        Response tenant = call(
                "POST",
                "/v1/admin/tenants",
                adminKey,
                "{\"slug\":\"" + prefix + "-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8) + "\",\"name\":\"Shop\"}");
        long tenantId = tenant.body().path("tenantId").asLong();
        Response store = call("POST", "/v1/admin/tenants/" + tenantId + "/stores", adminKey, "{\"name\":\"Main\"}");
        if (store.status() != 201) {
            throw new AssertionError("store not created: " + store.rawBody());
        }
        return new long[] {tenantId, store.body().path("storeId").asLong()};
    }

    public record Response(int status, Map<String, String> headers, String rawBody, JsonNode body) {
        public String code() {
            return body.path("code").asText();
        }

        /** The {@code field} of every entry in a problem's {@code errors}. */
        public List<String> fields() {
            return body.path("errors")
                    .valueStream()
                    .map(e -> e.path("field").asText())
                    .toList();
        }
    }

    public Response call(String method, String path, String key, String body) {
        return call(method, path, key, body, Map.of());
    }

    /** A body of raw bytes, as API Gateway hands over one it base64-encoded ({@code isBase64Encoded}). */
    public Response callWithBytes(String method, String path, String key, byte[] body) {
        return send(method, path, key, java.util.Base64.getEncoder().encodeToString(body), true, Map.of());
    }

    public Response call(String method, String path, String key, String body, Map<String, String> extraHeaders) {
        return send(method, path, key, body, false, extraHeaders);
    }

    private Response send(
            String method, String path, String key, String body, boolean base64, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (key != null) {
            headers.put("x-api-key", key);
        }
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/json");
        }
        String resource = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource(resource)
                .withPath(resource)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withQueryStringParameters(query(path));
        APIGatewayProxyResponseEvent response =
                exchange.handle(LambdaContextStandIn.of("customer-api", "test"), event, router::route);
        try {
            JsonNode json = response.getBody() == null
                    ? Json.mapper().nullNode()
                    : Json.mapper().readTree(response.getBody());
            return new Response(response.getStatusCode(), response.getHeaders(), response.getBody(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String path) {
        if (!path.contains("?")) {
            return null;
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return query;
    }
}
