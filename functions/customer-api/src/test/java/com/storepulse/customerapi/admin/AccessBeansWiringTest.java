package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.auth.ApiKeyAdmission;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.customerapi.usage.UsageRoutes;
import com.storepulse.http.ErrorCode;
import com.storepulse.http.Router;
import com.storepulse.ratelimit.LocalRateLimiter;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.testing.Refusals;
import com.storepulse.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

/** The beans the integrator wires resolve from the function's Micronaut context. */
class AccessBeansWiringTest {

    @Test
    void theAdmissionAndTheRouteClassesResolveAndRegister() {
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        System.setProperty("REDIS_URL", ""); // blank means not configured, whatever the environment says
        try (ApplicationContext context = ApplicationContext.run()) {
            assertInstanceOf(ApiKeyAdmission.class, context.getBean(RequestAdmission.class));
            assertInstanceOf(
                    LocalRateLimiter.class, context.getBean(RateLimiter.class), "no REDIS_URL: per-instance buckets");
            Router router = new Router();
            context.getBean(AdminRoutes.class).register(router);
            context.getBean(UsageRoutes.class).register(router);
            for (String path : new String[] {"/v1/usage", "/v1/admin/tenants/1/api-keys"}) {
                APIGatewayProxyRequestEvent noKey = new APIGatewayProxyRequestEvent()
                        .withHttpMethod("GET")
                        .withResource(path)
                        .withPath(path);
                assertEquals(
                        ErrorCode.UNAUTHENTICATED,
                        Refusals.answerOf(() -> router.route(noKey)).code(),
                        path);
            }
        } finally {
            System.clearProperty("DATABASE_URL");
            System.clearProperty("REDIS_URL");
        }
    }
}
