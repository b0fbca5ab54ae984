package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.snapstart.Primer;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Map;

@Factory
public class CustomerApiBeans {

    @Singleton
    FunctionIdentity functionIdentity() {
        return new FunctionIdentity("customer-api");
    }

    /**
     * SnapStart priming: one synthetic GET /health through the real route table loads the
     * router, Jackson, JDBC, HikariCP and Lettuce classes before the snapshot; it only reads.
     */
    @Singleton
    Primer healthPrimer(CustomerApiRoutes routes) {
        return () -> routes.route(new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource("/health")
                .withPath("/health")
                .withHeaders(Map.of("User-Agent", "storepulse-primer")));
    }
}
