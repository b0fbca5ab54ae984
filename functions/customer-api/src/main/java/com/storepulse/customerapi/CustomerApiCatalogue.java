package com.storepulse.customerapi;

import com.storepulse.auth.Scopes;
import com.storepulse.http.ApiRoute;
import com.storepulse.http.RouteCatalogue;

/**
 * Every route of the customer API, each declared once: method, path pattern, who may call it.
 * The route classes register their handlers for these constants; a tenant route admits its caller
 * with the scope and usage label of the route it matched. Adding a route is a line here, its
 * handler, and its entry in docs/openapi.yaml (the route-consistency test fails until all three
 * agree, and until template.yaml's API events serve it; {@code /v1/{proxy+}} serves every route
 * under /v1 except those under /v1/webhooks).
 */
public final class CustomerApiCatalogue {

    public static final RouteCatalogue CATALOGUE = new RouteCatalogue("customer-api");

    public static final ApiRoute HEALTH = CATALOGUE.add(ApiRoute.open("GET", "/health"));
    /** The public status page (HTML) and the same as JSON: no key, no tenant data. */
    public static final ApiRoute STATUS_PAGE = CATALOGUE.add(ApiRoute.open("GET", "/status"));

    public static final ApiRoute STATUS_JSON = CATALOGUE.add(ApiRoute.open("GET", "/status.json"));

    public static final ApiRoute LIST_STORES =
            CATALOGUE.add(ApiRoute.withScope("GET", "/v1/stores", Scopes.STORES_READ));
    public static final ApiRoute LIST_CUSTOMERS =
            CATALOGUE.add(ApiRoute.withScope("GET", "/v1/stores/{storeId}/customers", Scopes.CUSTOMERS_READ));
    // Greedy: a customer id may contain '/' (API Gateway decodes %2F before we see the path).
    public static final ApiRoute CUSTOMER_DETAIL = CATALOGUE.add(
            ApiRoute.withScope("GET", "/v1/stores/{storeId}/customers/{customerId+}", Scopes.CUSTOMERS_READ));
    public static final ApiRoute STORE_ARCHETYPES =
            CATALOGUE.add(ApiRoute.withScope("GET", "/v1/stores/{storeId}/archetypes", Scopes.STORES_READ));
    public static final ApiRoute STORE_SUMMARY =
            CATALOGUE.add(ApiRoute.withScope("GET", "/v1/stores/{storeId}/summary", Scopes.STORES_READ));
    public static final ApiRoute USAGE = CATALOGUE.add(ApiRoute.withScope("GET", "/v1/usage", Scopes.USAGE_READ));

    /** A data subject's erasure (docs/privacy.md): 202 with the request, which the next route reads. */
    public static final ApiRoute ERASE_CUSTOMER = CATALOGUE.add(
            ApiRoute.withScope("DELETE", "/v1/stores/{storeId}/customers/{customerId+}", Scopes.CUSTOMERS_ERASE));

    public static final ApiRoute ERASURE = CATALOGUE.add(
            ApiRoute.withScope("GET", "/v1/stores/{storeId}/erasures/{erasureId}", Scopes.CUSTOMERS_ERASE));
    /**
     * A data subject's access request: everything held about the customer as one document. The
     * router must try it before {@link #CUSTOMER_DETAIL}, whose greedy id would take
     * {@code cus_1/export} as an id (CustomerApiRoutes registers it first).
     */
    public static final ApiRoute EXPORT_CUSTOMER = CATALOGUE.add(
            ApiRoute.withScope("GET", "/v1/stores/{storeId}/customers/{customerId}/export", Scopes.CUSTOMERS_EXPORT));

    public static final ApiRoute CREATE_TENANT = CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants"));
    public static final ApiRoute CREATE_STORE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/stores"));
    public static final ApiRoute CREATE_API_KEY =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/api-keys"));
    public static final ApiRoute LIST_API_KEYS =
            CATALOGUE.add(ApiRoute.admin("GET", "/v1/admin/tenants/{tenantId}/api-keys"));
    public static final ApiRoute REVOKE_API_KEY =
            CATALOGUE.add(ApiRoute.admin("DELETE", "/v1/admin/api-keys/{apiKeyId}"));

    public static final ApiRoute LIST_ALERT_SILENCES = CATALOGUE.add(ApiRoute.admin("GET", "/v1/admin/alert-silences"));
    public static final ApiRoute CREATE_ALERT_SILENCE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/alert-silences"));
    public static final ApiRoute EXPIRE_ALERT_SILENCE =
            CATALOGUE.add(ApiRoute.admin("DELETE", "/v1/admin/alert-silences/{silenceId}"));

    public static final ApiRoute CREATE_WEBHOOK_SOURCE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/webhook-sources"));
    public static final ApiRoute LIST_WEBHOOK_SOURCES =
            CATALOGUE.add(ApiRoute.admin("GET", "/v1/admin/tenants/{tenantId}/webhook-sources"));
    public static final ApiRoute ADD_WEBHOOK_SECRET =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets"));
    public static final ApiRoute REVOKE_WEBHOOK_SECRET = CATALOGUE.add(
            ApiRoute.admin("DELETE", "/v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets/{secretId}"));

    public static final ApiRoute CREATE_SYNC_SOURCE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/sync-sources"));
    public static final ApiRoute LIST_SYNC_SOURCES =
            CATALOGUE.add(ApiRoute.admin("GET", "/v1/admin/tenants/{tenantId}/sync-sources"));
    public static final ApiRoute PAUSE_SYNC_SOURCE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/sync-sources/{sourceId}/pause"));
    public static final ApiRoute RESUME_SYNC_SOURCE =
            CATALOGUE.add(ApiRoute.admin("POST", "/v1/admin/tenants/{tenantId}/sync-sources/{sourceId}/resume"));
    public static final ApiRoute DELETE_SYNC_SOURCE =
            CATALOGUE.add(ApiRoute.admin("DELETE", "/v1/admin/tenants/{tenantId}/sync-sources/{sourceId}"));

    private CustomerApiCatalogue() {}
}
