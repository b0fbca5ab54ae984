package com.storepulse.runtime;

import com.storepulse.cache.CacheFactory;
import com.storepulse.cache.ManagedCache;
import com.storepulse.config.AppSettings;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.health.HealthCheck;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.lifecycle.GracefulShutdown;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.snapstart.ConnectionWarmup;
import com.storepulse.snapstart.Primer;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The Micronaut wiring every function shares. Each bean is a plain class from this module; the
 * factory only decides lifetimes: one per function instance, created during Lambda init (and so
 * captured by SnapStart), with connections and secrets opened lazily on first use.
 */
@Factory
public class SharedBeans {

    @Singleton
    Settings settings() {
        return AppSettings.load();
    }

    @Singleton
    PowertoolsMetricsRecorder metrics(Settings settings, FunctionIdentity function) {
        PowertoolsMetricsRecorder metrics = PowertoolsMetricsRecorder.create(settings, function.name());
        GracefulShutdown.jvm().register("metrics", metrics::flush);
        return metrics;
    }

    @Singleton
    InvocationScope invocationScope(PowertoolsMetricsRecorder metrics) {
        return new InvocationScope(metrics);
    }

    @Singleton
    ApiGatewayExchange apiGatewayExchange(InvocationScope scope) {
        return new ApiGatewayExchange(scope);
    }

    @Singleton
    Database database(Settings settings) {
        Database database = new Database(() -> DatabaseSettings.from(settings));
        GracefulShutdown.jvm().register("database", database);
        return database;
    }

    @Singleton
    ManagedCache cache(Settings settings, PowertoolsMetricsRecorder metrics) {
        ManagedCache cache = CacheFactory.create(settings, metrics);
        GracefulShutdown.jvm().register("cache", cache);
        return cache;
    }

    @Singleton
    HealthCheck healthCheck(Database database, ManagedCache cache, Settings settings) {
        return new HealthCheck(database, cache, HealthCheck.versionFrom(settings));
    }

    /** Not started here: a function's handler starts it (connections stay lazy elsewhere). */
    @Singleton
    ConnectionWarmup connectionWarmup(Database database, ManagedCache cache) {
        return new ConnectionWarmup(database, cache);
    }

    /**
     * Registered with CRaC as soon as it exists: before the snapshot, run the primers then close
     * the pool and Redis; after restore, forget cached secrets and reopen lazily.
     */
    @Singleton
    SnapStartResources snapStartResources(
            Database database, ManagedCache cache, ConnectionWarmup warmup, List<Primer> primers) {
        SnapStartResources.Builder builder = SnapStartResources.builder()
                .database(database)
                .cache(cache)
                .warmup(warmup)
                .beforeCheckpoint(AppSettings::clearSecretCache)
                .beforeCheckpoint(AppSettings::closeSecretClients)
                .afterRestore(AppSettings::clearSecretCache);
        for (Primer primer : primers) {
            builder.primer(primer.getClass().getSimpleName(), primer);
        }
        return builder.build().register();
    }
}
