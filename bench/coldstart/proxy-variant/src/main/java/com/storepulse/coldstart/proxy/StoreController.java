package com.storepulse.coldstart.proxy;

import com.storepulse.coldstart.stores.StoreDirectory;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/**
 * Variant B: a Micronaut @Controller behind micronaut-function-aws-api-proxy. The Lambda handler is
 * the library's io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction, which
 * routes on the event's path (not its resource template).
 */
@Controller("/v1/stores")
public class StoreController {

    private final StoreDirectory stores;

    public StoreController(StoreDirectory stores) {
        this.stores = stores;
    }

    @Get("/{storeId}")
    public Map<String, Object> store(String storeId) {
        return stores.describe(storeId);
    }
}
