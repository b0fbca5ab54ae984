package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiGatewayHandler;
import com.storepulse.snapstart.ConnectionWarmup;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Lambda entry point of the customer API (API Gateway REST, payload 1.0): {@link
 * ApiGatewayHandler} with {@link CustomerApiRoutes}. Why a small router rather than the
 * api-proxy's controllers: docs/architecture.md and docs/cold-start.md. The usage-flush schedule
 * has a function of its own ({@link UsageFlushHandler}).
 */
public class CustomerApiHandler extends ApiGatewayHandler {

    static {
        // Before Micronaut starts, so the two overlap (StartupPreload).
        StartupPreload.start();
    }

    @Inject
    CustomerApiRoutes routes;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public CustomerApiHandler() {
        super(LambdaContexts.builder());
    }

    /**
     * The pool and Redis open on their own threads while the routes are built and the first event
     * is read (docs/cold-start.md): every route but the status page needs both.
     */
    @Override
    protected void started(ApplicationContext context) {
        if (StartupPreload.enabled()) {
            StartupPreload.Stages preload = StartupPreload.start();
            context.getBean(ConnectionWarmup.class).start(preload.database(), preload.redis());
        }
    }

    /** A warm-up still opening the pool or Redis finishes first, so it cannot reopen them after the close. */
    @Override
    public void close() {
        if (StartupPreload.enabled()) {
            getApplicationContext().getBean(ConnectionWarmup.class).await(Duration.ofSeconds(10));
        }
        super.close();
    }

    @Override
    protected APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent event) {
        return routes.route(event);
    }
}
