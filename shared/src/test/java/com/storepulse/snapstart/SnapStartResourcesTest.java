package com.storepulse.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.Eventually;
import com.storepulse.cache.RedisCache;
import com.storepulse.cache.RedisProbe;
import com.storepulse.db.Database;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint and restore hooks against a real PostgreSQL and a real Redis, both of this
 * class's own so that "our" connections can be counted from the server side.
 */
class SnapStartResourcesTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private static String jdbcUrl;
    private static Database database;
    private static EmbeddedRedis redisServer;
    private static RedisCache cache;
    private static RedisProbe redisProbe;

    @BeforeAll
    static void startServers() {
        jdbcUrl = TestDatabase.createEmptyDatabase("sp_snap");
        database = TestDatabase.open(jdbcUrl, 2);
        Migrations.migrate(database.dataSource());
        database.jdbi().useHandle(h -> {
            h.execute("INSERT INTO tenant (slug, name) VALUES ('snap', 'Snap')");
            h.execute("INSERT INTO store (tenant_id, name) SELECT tenant_id, 'Snap store' FROM tenant");
        });
        redisServer = DevServers.startRedis();
        cache = new RedisCache(TestRedisSettings.healthy(redisServer.url()), MetricsRecorder.NOOP);
        redisProbe = new RedisProbe(redisServer.url());
    }

    @AfterAll
    static void stopServers() {
        redisProbe.close();
        cache.close();
        redisServer.stop();
        database.close();
    }

    @BeforeEach
    void useBoth() {
        assertEquals(1, storeCount());
        cache.getOrLoad(cache.keys().storeSummary(1), String.class, TTL, () -> "summary");
        assertTrue(database.isOpen());
        assertTrue(Eventually.poll(this::poolConnectionsOnServer, n -> n > 0) > 0);
        assertEquals(1, redisProbe.cacheConnections());
    }

    @Test
    void checkpointClosesEveryConnectionAndRestoreReopensThem() {
        List<String> events = new ArrayList<>();
        RecordingContext context = new RecordingContext();
        SnapStartResources.builder()
                .database(database)
                .cache(cache)
                .beforeCheckpoint(() -> events.add("secrets dropped, pool open=" + database.isOpen()))
                .afterRestore(() -> events.add("secrets cleared, pool open=" + database.isOpen()))
                .build()
                .registerWith(context);

        context.beforeCheckpoint(null);

        assertFalse(database.isOpen());
        assertEquals(0, Eventually.poll(this::poolConnectionsOnServer, n -> n == 0));
        assertFalse(cache.isConnected());
        assertEquals(0, Eventually.poll(redisProbe::cacheConnections, n -> n == 0));

        context.afterRestore(null);

        assertTrue(database.isOpen());
        assertEquals(1, storeCount(), "a query succeeds after restore");
        assertEquals(
                "summary",
                cache.getOrLoad(cache.keys().storeSummary(1), String.class, TTL, () -> "reloaded"),
                "Redis reconnects on first use and still has the entry");
        assertEquals(1, redisProbe.cacheConnections());
        // Secrets are cleared before the pool reopens, so it would resolve fresh credentials.
        assertEquals(List.of("secrets dropped, pool open=false", "secrets cleared, pool open=false"), events);
    }

    @Test
    void primersRunBeforeThePoolClosesAndCannotWrite() {
        Map<String, Long> before = rowCounts();
        AtomicInteger readerRuns = new AtomicInteger();
        List<Boolean> poolOpenWhilePriming = new ArrayList<>();
        SnapStartResources resources = SnapStartResources.builder()
                .database(database)
                .cache(cache)
                .primer(
                        "writer",
                        () -> database.jdbi()
                                .useHandle(h -> h.execute(
                                        "INSERT INTO tenant (slug, name) VALUES ('primed', 'Should not exist')")))
                .primer("reader", () -> {
                    poolOpenWhilePriming.add(database.isOpen());
                    database.jdbi()
                            .withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score WHERE store_id = 1")
                                    .mapTo(Long.class)
                                    .one());
                    cache.getOrLoad(cache.keys().storeArchetypes(1), String.class, TTL, () -> "archetypes");
                    readerRuns.incrementAndGet();
                })
                .build();
        RecordingContext context = new RecordingContext();
        resources.registerWith(context);

        PrimingReport report = resources.prime();

        assertEquals(2, report.primersRun());
        assertEquals(1, report.failures().size(), report.toString());
        assertTrue(report.failures().getFirst().startsWith("writer: "), report.toString());
        assertTrue(report.failures().getFirst().contains("read-only"), report.toString());
        assertEquals(1, readerRuns.get(), "one failing primer does not stop the others");
        assertEquals(List.of(true), poolOpenWhilePriming);
        assertEquals(before, rowCounts(), "priming wrote nothing");

        // The read-only sessions died with the pool: after a restore, writes work again.
        context.beforeCheckpoint(null);
        context.afterRestore(null);
        database.jdbi()
                .useHandle(h -> h.execute("INSERT INTO tenant (slug, name) VALUES ('after-restore', 'Writes work')"));
        assertEquals(before.get("tenant") + 1, rowCounts().get("tenant"));
        database.jdbi().useHandle(h -> h.execute("DELETE FROM tenant WHERE slug = 'after-restore'"));
    }

    /**
     * A start-up warm-up still opening the pool and Redis when the checkpoint comes is waited for
     * first: without that wait it would open them again after the checkpoint closed them, and the
     * snapshot would hold open sockets.
     */
    @Test
    void theCheckpointWaitsForTheStartUpWarmupBeforeClosingConnections() {
        database.suspend();
        cache.suspend();
        ConnectionWarmup warmup = new ConnectionWarmup(database, cache);
        // The openings begin 300 ms from now, after the checkpoint has begun.
        CompletableFuture<Void> later =
                CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        warmup.start(later, later);
        RecordingContext context = new RecordingContext();
        SnapStartResources.builder()
                .database(database)
                .cache(cache)
                .warmup(warmup)
                .build()
                .registerWith(context);

        context.beforeCheckpoint(null);

        assertTrue(warmup.await(Duration.ZERO), "the warm-up was over when the checkpoint's steps ran");
        assertFalse(database.isOpen(), "the pool the warm-up opened was closed");
        assertFalse(cache.isConnected(), "the connection the warm-up opened was closed");
        assertEquals(0, Eventually.poll(this::poolConnectionsOnServer, n -> n == 0));
        assertEquals(0, Eventually.poll(redisProbe::cacheConnections, n -> n == 0));
        context.afterRestore(null);
    }

    @Test
    void theWarmupOpensThePoolAndRedis() {
        database.suspend();
        cache.suspend();
        assertFalse(cache.isConnected());
        ConnectionWarmup warmup = new ConnectionWarmup(database, cache);
        warmup.start();
        assertTrue(warmup.await(Duration.ofSeconds(30)));
        assertTrue(database.isOpen());
        assertTrue(poolConnectionsOnServer() > 0, "a session was opened");
        assertTrue(cache.isConnected());
    }

    @Test
    void aMissingClassOnThePrimingPathFailsTheCheckpointAfterTheOtherSteps() {
        List<String> steps = new ArrayList<>();
        SnapStartResources resources = SnapStartResources.builder()
                .primer("shaded-away", () -> {
                    throw new NoClassDefFoundError("com/example/Gone");
                })
                .primer("wrapped", () -> {
                    throw new IllegalStateException(
                            "bean could not be created", new ClassNotFoundException("com.example.AlsoGone"));
                })
                .primer("cold", () -> {
                    throw new IllegalStateException("database unreachable");
                })
                .beforeCheckpoint(() -> steps.add("before-checkpoint hook"))
                .build();

        PrimingReport report = resources.prime();
        assertEquals(3, report.failures().size(), report.toString());
        assertEquals(2, report.missingClasses().size(), report.toString());
        assertTrue(report.missingClasses().getFirst().contains("com/example/Gone"), report.toString());
        assertTrue(report.missingClasses().get(1).contains("com.example.AlsoGone"), report.toString());

        RecordingContext context = new RecordingContext();
        resources.registerWith(context);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> context.beforeCheckpoint(null));
        assertTrue(refused.getCause() instanceof SnapStartResources.MissingClassException, refused.toString());
        assertTrue(
                refused.getCause().getMessage().contains("com/example/Gone"),
                refused.getCause().getMessage());
        assertEquals(List.of("before-checkpoint hook"), steps, "the other steps ran first");
    }

    @Test
    void aPrimerFailingForAnyOtherReasonLeavesTheSnapshotOnlyLessWarm() {
        SnapStartResources resources = SnapStartResources.builder()
                .primer("cold", () -> {
                    throw new IllegalStateException("database unreachable");
                })
                .build();
        RecordingContext context = new RecordingContext();
        resources.registerWith(context);
        context.beforeCheckpoint(null);
        PrimingReport report = resources.prime();
        assertEquals(1, report.failures().size(), report.toString());
        assertEquals(List.of(), report.missingClasses());
    }

    @Test
    void registeringWithTheGlobalContextKeepsTheResourceReachable() {
        SnapStartResources resources = SnapStartResources.builder().build().register();
        assertTrue(
                SnapStartResources.registered().contains(resources),
                "org.crac holds resources weakly; we must hold them");
    }

    private long storeCount() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM store")
                        .mapTo(Long.class)
                        .one());
    }

    private Map<String, Long> rowCounts() {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("""
                     SELECT (SELECT count(*) FROM tenant), (SELECT count(*) FROM store),
                            (SELECT count(*) FROM dim_customer), (SELECT count(*) FROM customer_score)""");
                ResultSet r = s.executeQuery()) {
            r.next();
            return Map.of(
                    "tenant",
                    r.getLong(1),
                    "store",
                    r.getLong(2),
                    "dim_customer",
                    r.getLong(3),
                    "customer_score",
                    r.getLong(4));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our pool's sessions as PostgreSQL sees them (this probe connection is not one of them). */
    private long poolConnectionsOnServer() {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("""
                     SELECT count(*) FROM pg_stat_activity
                     WHERE application_name = 'storepulse' AND datname = current_database()""");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
