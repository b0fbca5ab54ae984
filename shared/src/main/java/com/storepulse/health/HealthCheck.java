package com.storepulse.health;

import com.storepulse.cache.Cache;
import com.storepulse.cache.Cache.CacheStatus;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.health.HealthReport.Component;
import com.storepulse.health.HealthReport.Status;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers "can this function serve requests?" for {@code GET /health}.
 *
 * <ul>
 *   <li>Database: {@code SELECT 1}, bounded by {@code databaseTimeout} (default 1 s) however
 *       long the pool would wait for a connection. Down means the function cannot serve:
 *       status {@code down}, HTTP 503.</li>
 *   <li>Cache: {@link Cache#status()} (a PING bounded by the cache's own tens-of-ms timeout).
 *       Down only makes the status {@code degraded} with HTTP 200: the cache is an accelerator
 *       that every read falls back from, so losing it costs latency, not correctness, and must
 *       not take healthy instances out of service.</li>
 * </ul>
 */
public final class HealthCheck {

    public static final Duration DEFAULT_DATABASE_TIMEOUT = Duration.ofSeconds(1);

    // The probe runs on its own (virtual) thread so that a pool stuck waiting for a connection
    // cannot hold the health answer longer than the timeout; the thread ends with the pool's wait.
    private static final Executor PROBES = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("health-db-probe-", 0).factory());

    private final Database database;
    private final Cache cache;
    private final String version;
    private final Duration databaseTimeout;
    private final InstantSource clock;

    public HealthCheck(Database database, Cache cache, String version) {
        this(database, cache, version, DEFAULT_DATABASE_TIMEOUT, InstantSource.system());
    }

    public HealthCheck(Database database, Cache cache, String version, Duration databaseTimeout, InstantSource clock) {
        this.database = database;
        this.cache = cache;
        this.version = version;
        this.databaseTimeout = databaseTimeout;
        this.clock = clock;
    }

    /** The deployed version: {@code APP_VERSION}, else the Lambda function version, else "dev". */
    public static String versionFrom(Settings settings) {
        return settings.get("APP_VERSION")
                .or(() -> settings.get("AWS_LAMBDA_FUNCTION_VERSION"))
                .orElse("dev");
    }

    public HealthReport check() {
        // The database probe runs while the cache is pinged: on a cold start each loads its own
        // client's classes, so together they take the longer of the two, not the sum.
        long started = System.nanoTime();
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(this::selectOne, PROBES);
        CacheStatus cacheStatus = cache.status();
        Component db = databaseStatus(probe, started);
        Component redis = switch (cacheStatus) {
            case UP -> Component.UP;
            case DOWN -> Component.DOWN;
            case DISABLED -> Component.DISABLED;
        };
        Status status = db == Component.DOWN ? Status.DOWN : redis == Component.DOWN ? Status.DEGRADED : Status.OK;
        return new HealthReport(status, db, redis, version, clock.instant());
    }

    /** The probe's answer, waiting at most the database timeout from the start of the check. */
    private Component databaseStatus(CompletableFuture<Boolean> probe, long startedNanos) {
        try {
            long left = databaseTimeout.toNanos() - (System.nanoTime() - startedNanos);
            return probe.get(Math.max(0, left), TimeUnit.NANOSECONDS) ? Component.UP : Component.DOWN;
        } catch (TimeoutException | ExecutionException e) {
            return Component.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Component.DOWN;
        }
    }

    private boolean selectOne() {
        int seconds = (int) Math.max(1, databaseTimeout.toSeconds());
        return database.jdbi()
                        .withHandle(h -> h.createQuery("SELECT 1")
                                .setQueryTimeout(seconds)
                                .mapTo(Integer.class)
                                .one())
                == 1;
    }
}
