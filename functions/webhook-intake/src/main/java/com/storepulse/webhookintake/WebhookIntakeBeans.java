package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.cache.ManagedCache;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.ingest.AfterApply;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.privacy.Suppressions;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.scoring.QueuedRescoring;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.snapstart.Primer;
import com.storepulse.webhooks.EventSchemas;
import com.storepulse.webhooks.SignatureVerifier;
import com.storepulse.webhooks.WebhookIntake;
import com.storepulse.webhooks.WebhookSources;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The intake's wiring. Settings: {@code WEBHOOK_TIMESTAMP_TOLERANCE} (default PT5M),
 * {@code WEBHOOK_EVENT_RETENTION} (default P30D), {@code DATA_ENCRYPTION_KEY} (the key that opens
 * the sources' HMAC secrets; read at first use, never during init), {@code SUPPRESSION_HASH_KEY}
 * (matches the customers erased from a store, docs/privacy.md; read at first use).
 */
@Factory
@Requires(property = WebhookIntakeBeans.FUNCTION_PROPERTY, value = "webhook-intake")
public class WebhookIntakeBeans {

    /**
     * Set by {@link WebhookIntakeHandler} on its context: these beans exist only there. The local
     * stack and the tests put every function's classes on one classpath, where customer-api's
     * context must not see a second {@link FunctionIdentity} or this function's primer.
     */
    public static final String FUNCTION_PROPERTY = "storepulse.function";

    public static final String TOLERANCE_SETTING = "WEBHOOK_TIMESTAMP_TOLERANCE";
    public static final String RETENTION_SETTING = "WEBHOOK_EVENT_RETENTION";

    @Singleton
    @Primary
    FunctionIdentity functionIdentity() {
        return new FunctionIdentity("webhook-intake");
    }

    @Singleton
    WebhookIntake webhookIntake(
            Database database, Settings settings, ManagedCache cache, PowertoolsMetricsRecorder metrics) {
        return create(database, settings, cache, metrics, Clock.systemUTC());
    }

    /** The intake as the function builds it (the local stack and the benchmarks build it the same way). */
    public static WebhookIntake create(
            Database database,
            Settings settings,
            ManagedCache cache,
            com.storepulse.observability.MetricsRecorder metrics,
            Clock clock) {
        StoreScoringService scoring = new StoreScoringService(database.jdbi(), cache);
        // The changed customers are queued in the change's transaction and rescored after its commit
        // in one batch with the store's other deliveries' (group commit, through PostgreSQL: the
        // store's concurrent deliveries run in different instances). Never a refit inside a
        // request: the scheduled scoring refits (docs/webhooks.md, "Scores").
        AfterApply afterApply = new QueuedRescoring(scoring, cache, clock);
        return new WebhookIntake(
                database.jdbi(),
                new WebhookSources(database.jdbi(), SecretBox.fromSettings(settings), clock),
                new SignatureVerifier(settings.getDuration(TOLERANCE_SETTING, SignatureVerifier.DEFAULT_TOLERANCE)),
                EventSchemas.load(),
                afterApply,
                new Suppressions(SubjectHashes.fromSettings(settings), metrics),
                metrics,
                clock,
                settings.getDuration(RETENTION_SETTING, Duration.ofDays(30)));
    }

    /**
     * SnapStart priming through the request path: a signed-looking POST to a source that cannot
     * exist goes through the exchange, the router, the source look-up (a read) and the 404 problem.
     */
    @Singleton
    Primer requestPrimer(ApiGatewayExchange exchange, WebhookIntakeRoutes routes) {
        return () -> exchange.handle(
                null,
                new APIGatewayProxyRequestEvent()
                        .withHttpMethod("POST")
                        .withResource("/v1/webhooks/{sourceId}")
                        .withPath("/v1/webhooks/primer")
                        .withPathParameters(Map.of("sourceId", "primer"))
                        .withHeaders(Map.of("Content-Type", "application/json", "User-Agent", "storepulse-primer"))
                        .withBody("{}"),
                routes::route);
    }
}
