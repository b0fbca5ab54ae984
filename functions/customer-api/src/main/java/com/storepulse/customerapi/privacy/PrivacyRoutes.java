package com.storepulse.customerapi.privacy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.storepulse.audit.AuditActor;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.customerapi.AdmittedResponses;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.request.ApiKeyHeader;
import com.storepulse.customerapi.request.ClientAddress;
import com.storepulse.customerapi.request.PathParameters;
import com.storepulse.customerapi.request.QueryParameters;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.ValidationException;
import com.storepulse.http.Router;
import com.storepulse.privacy.CustomerErasure;
import com.storepulse.privacy.CustomerExport;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A data subject's requests, the processor's side (docs/privacy.md): {@code DELETE
 * /v1/stores/{storeId}/customers/{customerId}} erases the customer and answers 202 with the
 * request; {@code GET /v1/stores/{storeId}/erasures/{erasureId}} shows it, and when it completed
 * (both scope {@code customers:erase}); {@code GET /v1/stores/{storeId}/customers/{customerId}/export}
 * answers everything held about the customer (scope {@code customers:export}). The work is
 * {@link CustomerErasure}'s and {@link CustomerExport}'s.
 */
@Singleton
public class PrivacyRoutes {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** An erasure request as the API shows it: {@code completedAt} once complete, {@code completesBy} until then. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErasureView(
            UUID erasureId,
            long storeId,
            String status,
            Instant requestedAt,
            Instant completedAt,
            Instant completesBy,
            boolean customerFound,
            int ordersKept,
            int scoreRowsDeleted,
            int webhookEventsDeleted) {

        static ErasureView of(CustomerErasure.Erasure erasure) {
            return new ErasureView(
                    erasure.erasureId(),
                    erasure.storeId(),
                    erasure.completed() ? "completed" : "pending",
                    erasure.requestedAt(),
                    erasure.completed() ? erasure.completedAt() : null,
                    erasure.completed() ? null : erasure.completedAt(),
                    erasure.customerFound(),
                    erasure.ordersKept(),
                    erasure.scoreRowsDeleted(),
                    erasure.webhookEventsDeleted());
        }
    }

    private final RequestAdmission admission;
    private final CustomerErasure erasure;
    private final CustomerExport exports;

    public PrivacyRoutes(RequestAdmission admission, CustomerErasure erasure, CustomerExport exports) {
        this.admission = admission;
        this.erasure = erasure;
        this.exports = exports;
    }

    public void register(Router router) {
        router.add(CustomerApiCatalogue.ERASE_CUSTOMER, this::erase);
        router.add(CustomerApiCatalogue.ERASURE, this::erasure);
        router.add(CustomerApiCatalogue.EXPORT_CUSTOMER, this::export);
    }

    /** Everything held about the customer, one JSON document; a customer the store does not hold is a 404. */
    APIGatewayProxyResponseEvent export(Router.Request request) {
        RequestAdmission.AdmittedToStore admitted = admitted(request);
        String customerId = PathParameters.customerId(request);
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        return exports.export(admitted.storeId(), customerId, actor(request, admitted))
                .map(document -> AdmittedResponses.ok(admitted.rateLimit(), document))
                .orElseThrow(() -> new NotFoundException("No such customer in this store"));
    }

    APIGatewayProxyResponseEvent erase(Router.Request request) {
        RequestAdmission.AdmittedToStore admitted = admitted(request);
        String customerId = PathParameters.customerId(request);
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        CustomerErasure.Outcome outcome = erasure.erase(admitted.storeId(), customerId, actor(request, admitted));
        ErasureView view = ErasureView.of(outcome.erasure());
        return AdmittedResponses.json(
                202,
                admitted.rateLimit(),
                view,
                Map.of("Location", "/v1/stores/" + view.storeId() + "/erasures/" + view.erasureId()));
    }

    APIGatewayProxyResponseEvent erasure(Router.Request request) {
        RequestAdmission.AdmittedToStore admitted = admitted(request);
        String raw = request.pathParameter("erasureId");
        if (raw == null || !UUID_TEXT.matcher(raw).matches()) {
            throw ValidationException.of("erasureId", "must be an erasure id as DELETE answered it (a UUID)");
        }
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        return erasure.find(admitted.storeId(), UUID.fromString(raw))
                .map(found -> AdmittedResponses.ok(admitted.rateLimit(), ErasureView.of(found)))
                .orElseThrow(() -> new NotFoundException("No such erasure in this store"));
    }

    /** The caller as the audit log records them: the key's id and public prefix, its tenant, the source IP. */
    private static AuditActor actor(Router.Request request, RequestAdmission.AdmittedToStore admitted) {
        return AuditActor.apiKey(
                admitted.caller().apiKeyId(),
                admitted.caller().keyPrefix(),
                admitted.caller().tenantId(),
                ClientAddress.of(request.event()));
    }

    private RequestAdmission.AdmittedToStore admitted(Router.Request request) {
        return admission.admitToStore(
                ApiKeyHeader.of(request.event()),
                request.route().usageLabel(),
                request.route().scope(),
                () -> PathParameters.storeId(request));
    }
}
