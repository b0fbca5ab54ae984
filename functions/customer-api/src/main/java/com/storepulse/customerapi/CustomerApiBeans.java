package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.alerts.AlertSilences;
import com.storepulse.audit.AuditLog;
import com.storepulse.cache.ManagedCache;
import com.storepulse.config.Settings;
import com.storepulse.customerapi.audit.AdminActionAudit;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.paging.CursorSigningKey;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.health.HealthCheck;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.privacy.CustomerErasure;
import com.storepulse.privacy.CustomerExport;
import com.storepulse.privacy.RetentionSweep;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.snapstart.Primer;
import com.storepulse.status.StatusBoard;
import com.storepulse.stores.StoreRepository;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/** Not in another function's context where the local stack shares one class path (that function sets storepulse.function). */
@Factory
@Requires(property = "storepulse.function", notEquals = "alert-fanout")
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

    /**
     * Erasures (docs/privacy.md): the suppression hash key ({@code SUPPRESSION_HASH_KEY}) is read at
     * the first erasure, not here; a cached detail lives at most {@code CUSTOMER_CACHE_TTL}.
     */
    @Singleton
    CustomerErasure customerErasure(
            Database database,
            Settings settings,
            ManagedCache cache,
            QuerySettings querySettings,
            PowertoolsMetricsRecorder metrics) {
        return new CustomerErasure(
                database.jdbi(), SubjectHashes.fromSettings(settings), cache, querySettings.customerTtl(), metrics);
    }

    @Singleton
    CustomerExport customerExport(Database database, Settings settings) {
        return new CustomerExport(database.jdbi(), SubjectHashes.fromSettings(settings));
    }

    /** The retention sweep the usage-flush schedule runs (docs/privacy.md "Retention"). */
    @Singleton
    RetentionSweep retentionSweep(Database database, Settings settings, PowertoolsMetricsRecorder metrics) {
        return new RetentionSweep(database.jdbi(), RetentionSweep.Periods.from(settings), metrics);
    }

    @Singleton
    AuditLog auditLog(Database database) {
        return new AuditLog(database.jdbi());
    }

    @Singleton
    AdminActionAudit adminActionAudit(AuditLog audit, PowertoolsMetricsRecorder metrics) {
        return new AdminActionAudit(audit, metrics);
    }

    /** Silences of the alert fan-out, managed through the admin routes (docs/operations/alerting.md). */
    @Singleton
    AlertSilences alertSilences(Database database, Settings settings) {
        return AlertSilences.from(database.jdbi(), settings);
    }

    /** The public status page's report, rebuilt at most every STATUS_CACHE_TTL (default 10 s) per instance. */
    @Singleton
    StatusBoard statusBoard(HealthCheck health, Database database, Settings settings) {
        return new StatusBoard(
                health,
                database.jdbi(),
                settings.getDuration("STATUS_CACHE_TTL", Duration.ofSeconds(10)),
                InstantSource.system());
    }

    @Singleton
    QuerySettings querySettings(Settings settings) {
        return QuerySettings.from(settings);
    }

    /**
     * SnapStart priming through the same path a request takes (exchange, router, JSON, problem
     * mapping): GET /health loads JDBC, HikariCP and Lettuce; GET /v1/stores without a key goes
     * through the /v1 routing and the 401 problem path. Neither writes anything.
     */
    @Singleton
    Primer requestPrimer(ApiGatewayExchange exchange, CustomerApiRoutes routes) {
        return () -> {
            exchange.handle(null, syntheticGet("/health", "/health", null), routes::route);
            exchange.handle(null, syntheticGet("/v1/{proxy+}", "/v1/stores", Map.of("proxy", "stores")), routes::route);
        };
    }

    private static APIGatewayProxyRequestEvent syntheticGet(
            String resource, String path, Map<String, String> pathParameters) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource(resource)
                .withPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(Map.of("User-Agent", "storepulse-primer"));
    }
}
