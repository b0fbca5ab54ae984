package com.storepulse.customerapi.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.alerts.AlertSilence;
import com.storepulse.alerts.AlertSilences;
import com.storepulse.auth.ApiKeyAuthenticator;
import com.storepulse.config.SecretResolver;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.request.ApiKeyHeader;
import com.storepulse.db.Database;
import com.storepulse.db.TenantScope;
import com.storepulse.http.ApiRoute;
import com.storepulse.http.HttpResponses;
import com.storepulse.http.Router;
import com.storepulse.sync.SyncSources;
import com.storepulse.webhooks.WebhookSources;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tenant onboarding and API key management, for the admin key only (a tenant key gets 403,
 * anything else 401). Not rate limited and not metered: the admin key belongs to StorePulse
 * operators, not to a tenant.
 *
 * <pre>
 *   POST   /v1/admin/tenants                          {slug, name}                               201
 *   POST   /v1/admin/tenants/{tenantId}/stores        {name, currency?, timezone?}               201
 *   POST   /v1/admin/tenants/{tenantId}/api-keys      {name, scopes[], allowedStoreIds[]?,
 *                                                     rateLimitPerMinute?, rateLimitBurst?,
 *                                                     expiresAt?}                                201, key shown once
 *   GET    /v1/admin/tenants/{tenantId}/api-keys                                                 200, no secrets
 *   DELETE /v1/admin/api-keys/{apiKeyId}                                                         204 (again: 204)
 *   POST   /v1/admin/tenants/{tenantId}/webhook-sources {storeId, scheme, name, publicKey?, secret?} 201, secret shown once
 *   GET    /v1/admin/tenants/{tenantId}/webhook-sources                                          200, no secrets
 *   POST   /v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets
 *                                                     {expireCurrentAfterSeconds?, publicKey?, secret?} 201, rotation
 *   DELETE /v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets/{secretId}           204
 *   POST   /v1/admin/tenants/{tenantId}/sync-sources {storeId, jdbcUrl, username?, password?, mapping?, cursor?}
 *                                                                                              201, password never shown
 *   GET    /v1/admin/tenants/{tenantId}/sync-sources                                             200, no passwords
 *   POST   /v1/admin/tenants/{tenantId}/sync-sources/{sourceId}/pause                            200
 *   POST   /v1/admin/tenants/{tenantId}/sync-sources/{sourceId}/resume                           200
 *   DELETE /v1/admin/tenants/{tenantId}/sync-sources/{sourceId}                                  204
 *   GET    /v1/admin/alert-silences                                                              200, those in force
 *   POST   /v1/admin/alert-silences                   {fingerprint | namePattern, endsAt, comment} 201
 *   DELETE /v1/admin/alert-silences/{silenceId}                                                  200, ended now
 * </pre>
 */
@Singleton
public class AdminRoutes {

    private final ApiKeyAuthenticator authenticator;
    private final TenantAdministration administration;
    private final WebhookSourceAdministration webhookSources;
    private final SyncSourceAdministration syncSources;
    private final AlertSilences silences;

    @Inject
    public AdminRoutes(
            ApiKeyAuthenticator authenticator, Database database, Settings settings, AlertSilences silences) {
        this(
                authenticator,
                new TenantAdministration(database.jdbi(), authenticator, InstantSource.system()),
                new WebhookSourceAdministration(
                        new WebhookSources(database.jdbi(), SecretBox.fromSettings(settings), Clock.systemUTC())),
                // Registering never resolves a reference (the sync does, at run time): no resolver here.
                new SyncSourceAdministration(new SyncSources(
                        database.jdbi(), SecretBox.fromSettings(settings), SecretResolver.NONE, Clock.systemUTC())),
                silences);
    }

    AdminRoutes(
            ApiKeyAuthenticator authenticator,
            TenantAdministration administration,
            WebhookSourceAdministration webhookSources,
            SyncSourceAdministration syncSources,
            AlertSilences silences) {
        this.authenticator = authenticator;
        this.administration = administration;
        this.webhookSources = webhookSources;
        this.syncSources = syncSources;
        this.silences = silences;
    }

    public void register(Router router) {
        admin(
                router,
                CustomerApiCatalogue.CREATE_TENANT,
                request -> HttpResponses.json(
                        201,
                        administration.createTenant(StrictJson.read(request.event(), AdminRequests.NewTenant.class))));
        admin(
                router,
                CustomerApiCatalogue.CREATE_STORE,
                request -> HttpResponses.json(
                        201,
                        administration.createStore(
                                request.idParameter("tenantId"),
                                StrictJson.read(request.event(), AdminRequests.NewStore.class))));
        admin(
                router,
                CustomerApiCatalogue.CREATE_API_KEY,
                request -> HttpResponses.json(
                        201,
                        administration.createApiKey(
                                request.idParameter("tenantId"),
                                StrictJson.read(request.event(), AdminRequests.NewApiKey.class))));
        admin(
                router,
                CustomerApiCatalogue.LIST_API_KEYS,
                request -> HttpResponses.json(200, administration.listApiKeys(request.idParameter("tenantId"))));
        admin(router, CustomerApiCatalogue.REVOKE_API_KEY, request -> {
            administration.revokeApiKey(request.idParameter("apiKeyId"));
            return noContent();
        });
        admin(router, CustomerApiCatalogue.CREATE_WEBHOOK_SOURCE, request -> {
            FieldChecks checks = new FieldChecks();
            AdminRequests.NewWebhookSource body =
                    StrictJson.read(request.event(), AdminRequests.NewWebhookSource.class, checks);
            return HttpResponses.json(201, webhookSources.register(request.idParameter("tenantId"), body, checks));
        });
        admin(
                router,
                CustomerApiCatalogue.LIST_WEBHOOK_SOURCES,
                request -> HttpResponses.json(200, webhookSources.list(request.idParameter("tenantId"))));
        admin(
                router,
                CustomerApiCatalogue.ADD_WEBHOOK_SECRET,
                request -> HttpResponses.json(
                        201,
                        webhookSources.addSecret(
                                request.idParameter("tenantId"),
                                request.pathParameter("sourceId"),
                                StrictJson.read(request.event(), AdminRequests.NewWebhookSecret.class))));
        admin(router, CustomerApiCatalogue.REVOKE_WEBHOOK_SECRET, request -> {
            webhookSources.revokeSecret(
                    request.idParameter("tenantId"),
                    request.pathParameter("sourceId"),
                    request.idParameter("secretId"));
            return noContent();
        });
        admin(
                router,
                CustomerApiCatalogue.CREATE_SYNC_SOURCE,
                request -> HttpResponses.json(
                        201,
                        syncSources.register(
                                request.idParameter("tenantId"),
                                StrictJson.read(request.event(), AdminRequests.NewSyncSource.class))));
        admin(
                router,
                CustomerApiCatalogue.LIST_SYNC_SOURCES,
                request -> HttpResponses.json(200, syncSources.list(request.idParameter("tenantId"))));
        admin(
                router,
                CustomerApiCatalogue.PAUSE_SYNC_SOURCE,
                request -> HttpResponses.json(
                        200,
                        syncSources.setPaused(request.idParameter("tenantId"), request.idParameter("sourceId"), true)));
        admin(
                router,
                CustomerApiCatalogue.RESUME_SYNC_SOURCE,
                request -> HttpResponses.json(
                        200,
                        syncSources.setPaused(
                                request.idParameter("tenantId"), request.idParameter("sourceId"), false)));
        admin(router, CustomerApiCatalogue.DELETE_SYNC_SOURCE, request -> {
            syncSources.delete(request.idParameter("tenantId"), request.idParameter("sourceId"));
            return noContent();
        });
        admin(
                router,
                CustomerApiCatalogue.LIST_ALERT_SILENCES,
                request -> HttpResponses.json(
                        200,
                        Map.of(
                                "silences",
                                silences.active(Instant.now()).stream()
                                        .map(AdminRoutes::view)
                                        .toList())));
        admin(router, CustomerApiCatalogue.CREATE_ALERT_SILENCE, request -> {
            AdminRequests.NewAlertSilence body = StrictJson.read(request.event(), AdminRequests.NewAlertSilence.class);
            AlertSilence created = silences.create(
                    new AlertSilences.NewSilence(
                            Optional.ofNullable(body.fingerprint()),
                            Optional.ofNullable(body.namePattern()),
                            body.endsAtInstant(),
                            body.comment(),
                            "admin key"),
                    Instant.now());
            return HttpResponses.json(201, view(created));
        });
        admin(
                router,
                CustomerApiCatalogue.EXPIRE_ALERT_SILENCE,
                request -> HttpResponses.json(200, view(silences.expire(request.idParameter("silenceId")))));
    }

    private static APIGatewayProxyResponseEvent noContent() {
        return new APIGatewayProxyResponseEvent().withStatusCode(204).withHeaders(Map.of("Cache-Control", "no-store"));
    }

    /** A silence as the admin routes show it (a configured one has no id). */
    static Map<String, Object> view(AlertSilence s) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (s.id() > 0) {
            view.put("silenceId", s.id());
        }
        s.fingerprint().ifPresent(f -> view.put("fingerprint", f));
        s.namePattern().ifPresent(p -> view.put("namePattern", p));
        view.put("endsAt", s.endsAt().toString());
        view.put("comment", s.comment());
        view.put("createdBy", s.createdBy());
        if (s.id() > 0) {
            view.put("createdAt", s.createdAt().toString());
        }
        view.put("source", s.id() > 0 ? "api" : "configuration");
        return view;
    }

    /** Registers an admin route whose handler runs only after the admin key is authenticated. */
    private void admin(Router router, ApiRoute route, Function<Router.Request, APIGatewayProxyResponseEvent> handler) {
        if (route.access() != ApiRoute.Access.ADMIN) {
            throw new IllegalArgumentException("not declared as an admin route: " + route);
        }
        router.add(route, request -> {
            authenticator.authenticateAdmin(ApiKeyHeader.of(request.event()));
            if (request.pathParameter("tenantId") != null) {
                // The admin acts on the tenant its path names: row-level security shows that tenant only.
                TenantScope.enter(request.idParameter("tenantId"));
            }
            return handler.apply(request);
        });
    }
}
