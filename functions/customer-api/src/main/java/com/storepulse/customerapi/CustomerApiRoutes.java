package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.customerapi.admin.AdminRoutes;
import com.storepulse.customerapi.audit.AdminActionAudit;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.customerapi.privacy.PrivacyRoutes;
import com.storepulse.customerapi.status.StatusRoutes;
import com.storepulse.customerapi.stores.StoreRoutes;
import com.storepulse.customerapi.usage.UsageRoutes;
import com.storepulse.health.HealthCheck;
import com.storepulse.health.HealthReport;
import com.storepulse.http.ApiRoute;
import com.storepulse.http.HttpResponses;
import com.storepulse.http.Router;
import jakarta.inject.Singleton;
import java.util.List;

/** The customer API's route table: a handler for each route of {@link CustomerApiCatalogue}, no more, no less. */
@Singleton
public class CustomerApiRoutes {

    private final Router router = new Router();
    private final HealthCheck healthCheck;

    public CustomerApiRoutes(
            HealthCheck healthCheck,
            StoreRoutes storeRoutes,
            CustomerRoutes customerRoutes,
            UsageRoutes usageRoutes,
            AdminRoutes adminRoutes,
            StatusRoutes statusRoutes,
            PrivacyRoutes privacyRoutes,
            AdminActionAudit adminAudit) {
        this.healthCheck = healthCheck;
        router.add(CustomerApiCatalogue.HEALTH, request -> health());
        storeRoutes.register(router);
        // before the customer routes: the router takes the first match, and the detail's greedy id
        // would otherwise take .../customers/{customerId}/export
        privacyRoutes.register(router);
        customerRoutes.register(router);
        usageRoutes.register(router);
        // admin actions are served through the audit log's recorder (docs/privacy.md "Audit log")
        Router adminTable = new Router();
        adminRoutes.register(adminTable);
        adminAudit.register(router, adminTable);
        statusRoutes.register(router);
        CustomerApiCatalogue.CATALOGUE.requireServedBy(router);
    }

    public APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        return router.route(event);
    }

    /** Every route the router serves, in registration order. */
    public List<ApiRoute> routes() {
        return router.routes();
    }

    /** No auth: load balancers, canaries and on-call use it. Reports no tenant data. */
    private APIGatewayProxyResponseEvent health() {
        HealthReport report = healthCheck.check();
        return HttpResponses.json(report.httpStatus(), report);
    }
}
