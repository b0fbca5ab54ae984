package com.storepulse.customerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.cache.Cache;
import com.storepulse.customerapi.admin.AdminRoutes;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.customerapi.stores.StoreRoutes;
import com.storepulse.customerapi.usage.UsageRoutes;
import com.storepulse.db.Database;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.health.HealthCheck;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Error inside the real handler (here a StackOverflowError from the cache's health probe) is
 * not answered as a 500: it leaves handleRequest, so the Lambda runtime reports the invocation
 * failed and, for a VirtualMachineError, replaces the instance. An exception from the same place is
 * still a 500 problem.
 */
class ErrorPropagationTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private CustomerApiHandler handler;

    @BeforeEach
    void start() {
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        handler = new CustomerApiHandler();
    }

    @AfterEach
    void stop() {
        handler.close();
        System.clearProperty("DATABASE_URL");
    }

    /** The real route table, with a health check whose cache probe throws {@code failure}. */
    private void healthThrows(Throwable failure) {
        Cache failing = (Cache) Proxy.newProxyInstance(
                Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
                    throw failure;
                });
        var beans = handler.getApplicationContext();
        handler.routes = new CustomerApiRoutes(
                new HealthCheck(beans.getBean(Database.class), failing, "test"),
                beans.getBean(StoreRoutes.class),
                beans.getBean(CustomerRoutes.class),
                beans.getBean(UsageRoutes.class),
                beans.getBean(AdminRoutes.class),
                beans.getBean(com.storepulse.customerapi.status.StatusRoutes.class),
                beans.getBean(com.storepulse.customerapi.privacy.PrivacyRoutes.class),
                beans.getBean(com.storepulse.customerapi.audit.AdminActionAudit.class));
    }

    private APIGatewayProxyRequestEvent health() throws IOException {
        return CustomerApiHandlerTest.event(REPO.resolve("events/customer-api-health.json"));
    }

    @Test
    void anErrorLeavesTheHandlerInsteadOfBecomingA500() throws IOException {
        StackOverflowError overflow = new StackOverflowError("recursion in the cache probe");
        healthThrows(overflow);
        APIGatewayProxyRequestEvent event = health();
        StackOverflowError thrown = assertThrows(
                StackOverflowError.class,
                () -> handler.handleRequest(event, LambdaContextStandIn.of("customer-api", "error-1")));
        assertSame(overflow, thrown);
    }

    @Test
    void anExceptionFromTheSamePlaceIsStillA500Problem() throws IOException {
        healthThrows(new IllegalStateException("bug in the cache probe"));
        var response = handler.handleRequest(health(), LambdaContextStandIn.of("customer-api", "error-2"));
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
    }
}
