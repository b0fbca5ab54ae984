package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.config.Settings;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.paging.CursorSigningKey;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.snapstart.Primer;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import com.storepulse.stores.StoreRepository;
import java.util.Map;

@Factory
public class CustomerApiBeans {

    @Singleton
    FunctionIdentity functionIdentity() {
        return new FunctionIdentity("customer-api");
    }

    @Singleton
    CustomerRepository customerRepository(Database database) {
        return new CustomerRepository(database.jdbi());
    }

    @Singleton
    StoreRepository storeRepository(Database database, CustomerRepository customers) {
        return new StoreRepository(database.jdbi(), customers.archetypes());
    }

    /** The signing key is read on the first cursor, not here (secrets stay out of the snapshot). */
    @Singleton
    CursorCodec cursorCodec(Settings settings) {
        return new CursorCodec(new CursorSigningKey(settings));
    }

    @Singleton
    QuerySettings querySettings(Settings settings) {
        return QuerySettings.from(settings);
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
