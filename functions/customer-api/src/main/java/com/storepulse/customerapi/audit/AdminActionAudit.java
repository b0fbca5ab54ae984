package com.storepulse.customerapi.audit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.audit.AuditActor;
import com.storepulse.audit.AuditLog;
import com.storepulse.customerapi.request.ClientAddress;
import com.storepulse.http.ApiRoute;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every admin action in the audit log (docs/privacy.md "Audit log"): each admin route that
 * changes something (any method but GET) is served through {@link #audited}, which appends, once the
 * action has succeeded (2xx), who (the admin key and the request's source IP), what (the route
 * template), which ids (the path's, and those the answer created: a new tenant's, key's, source's,
 * secret's; never a key or a secret) and the status. A refused or failed action changed nothing and
 * is not recorded. The action is committed before its record: a record that cannot be written is
 * logged and counted ({@value MetricNames#AUDIT_WRITE_FAILED}), and the caller still gets the
 * answer of what was done.
 */
public final class AdminActionAudit {

    /** Ids an admin answer may carry that name what the action created or changed. */
    static final Set<String> ANSWER_IDS =
            Set.of("tenantId", "storeId", "apiKeyId", "prefix", "sourceId", "secretId", "silenceId");

    private static final Logger LOG = LoggerFactory.getLogger(AdminActionAudit.class);

    private final AuditLog audit;
    private final MetricsRecorder metrics;

    public AdminActionAudit(AuditLog audit, MetricsRecorder metrics) {
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Registers {@code adminTable}'s routes on {@code router}, the changing ones through {@link #audited}. */
    public void register(Router router, Router adminTable) {
        for (ApiRoute route : adminTable.routes()) {
            Function<Router.Request, APIGatewayProxyResponseEvent> served =
                    request -> adminTable.route(request.event());
            router.add(route, "GET".equals(route.method()) ? served : request -> audited(request, served));
        }
    }

    APIGatewayProxyResponseEvent audited(
            Router.Request request, Function<Router.Request, APIGatewayProxyResponseEvent> action) {
        APIGatewayProxyResponseEvent response = action.apply(request);
        int status = response.getStatusCode() == null ? 0 : response.getStatusCode();
        if (status < 200 || status > 299) {
            return response;
        }
        Map<String, Object> target = new TreeMap<>(request.pathParameters());
        answerIds(response.getBody(), target);
        try {
            audit.record(
                    AuditActor.admin(ClientAddress.of(request.event())),
                    number(target.get("tenantId")),
                    number(target.get("storeId")),
                    request.route().template(),
                    target,
                    Integer.toString(status));
        } catch (RuntimeException e) {
            metrics.count(MetricNames.AUDIT_WRITE_FAILED);
            LOG.error(
                    "admin action {} ({}) succeeded but its audit record could not be written: {}",
                    request.route().template(),
                    status,
                    e.toString());
        }
        return response;
    }

    /** The answer's ids ({@link #ANSWER_IDS}) at its top level and one object down, never its other fields. */
    private static void answerIds(String body, Map<String, Object> target) {
        if (body == null || body.isEmpty()) {
            return;
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(body);
        } catch (IOException e) {
            return;
        }
        if (answer == null || !answer.isObject()) {
            return;
        }
        answer.fields().forEachRemaining(field -> {
            if (ANSWER_IDS.contains(field.getKey()) && field.getValue().isValueNode()) {
                target.putIfAbsent(field.getKey(), field.getValue().asText());
            } else if (field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(inner -> {
                    if (ANSWER_IDS.contains(inner.getKey()) && inner.getValue().isValueNode()) {
                        target.putIfAbsent(inner.getKey(), inner.getValue().asText());
                    }
                });
            }
        });
    }

    private static Long number(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
