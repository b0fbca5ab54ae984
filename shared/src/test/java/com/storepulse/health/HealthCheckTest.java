package com.storepulse.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.cache.CacheFactory;
import com.storepulse.cache.ManagedCache;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.devservers.DevServers;
import com.storepulse.health.HealthReport.Component;
import com.storepulse.health.HealthReport.Status;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health against the real PostgreSQL and Redis, and against ones that are not there. */
class HealthCheckTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    // Generous where the database is up (a cold test JVM's first query loads half of Jdbi),
    // short where it is down, to show the probe bounds the answer.
    private static final Duration UP_PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DOWN_PROBE_TIMEOUT = Duration.ofMillis(500);

    private static HealthReport check(Database database, ManagedCache cache) {
        Duration timeout = database == TestDatabase.shared() ? UP_PROBE_TIMEOUT : DOWN_PROBE_TIMEOUT;
        return new HealthCheck(database, cache, "1.2.3", timeout, CLOCK).check();
    }

    private static ManagedCache redisAt(String url) {
        return CacheFactory.create(TestRedisSettings.healthy(url), MetricsRecorder.NOOP);
    }

    @Test
    void everythingUpIsOk() throws IOException {
        try (ManagedCache cache = redisAt(TestRedis.url())) {
            HealthReport report = check(TestDatabase.shared(), cache);

            assertEquals(new HealthReport(Status.OK, Component.UP, Component.UP, "1.2.3", NOW), report);
            assertEquals(200, report.httpStatus());
            JsonNode json = Json.mapper().readTree(Json.write(report));
            assertEquals("ok", json.get("status").asText());
            assertEquals("up", json.get("database").asText());
            assertEquals("up", json.get("cache").asText());
            assertEquals("1.2.3", json.get("version").asText());
            assertEquals("2025-06-01T12:00:00Z", json.get("checkedAt").asText());
            assertEquals(5, json.size(), "only the documented fields: " + json);
        }
    }

    @Test
    void noCacheConfiguredIsOkWithTheCacheDisabled() {
        ManagedCache none = CacheFactory.create(Settings.of(Map.of()), MetricsRecorder.NOOP);
        HealthReport report = check(TestDatabase.shared(), none);
        assertEquals(Status.OK, report.status());
        assertEquals(Component.DISABLED, report.cache());
        assertTrue(report.httpOk());
    }

    @Test
    void cacheDownDegradesButStaysServable() {
        try (ManagedCache cache = redisAt("redis://127.0.0.1:" + DevServers.freePort())) {
            HealthReport report = check(TestDatabase.shared(), cache);
            assertEquals(Status.DEGRADED, report.status());
            assertEquals(Component.UP, report.database());
            assertEquals(Component.DOWN, report.cache());
            assertEquals(200, report.httpStatus());
        }
    }

    @Test
    void databaseRefusingConnectionsIsDown() {
        DatabaseSettings nowhere = DatabaseSettings.parse(
                "jdbc:postgresql://127.0.0.1:" + DevServers.freePort() + "/none?user=nobody",
                1,
                Duration.ofMillis(250),
                Duration.ofSeconds(1));
        try (Database database = new Database(nowhere);
                ManagedCache cache = redisAt(TestRedis.url())) {
            HealthReport report = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check(database, cache));
            assertEquals(Status.DOWN, report.status());
            assertEquals(Component.DOWN, report.database());
            assertEquals(Component.UP, report.cache());
            assertEquals(503, report.httpStatus());
            assertFalse(report.httpOk());
        }
    }

    @Test
    void aDatabaseThatNeverAnswersIsDownWithinTheProbeTimeout() throws IOException {
        // Accepts TCP (listen backlog) and never speaks: the pool alone would wait its 2 s
        // connect timeout, the probe answers after 500 ms.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Database database = new Database(DatabaseSettings.parse(
                        "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/none?user=nobody",
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1)))) {
            ManagedCache none = CacheFactory.create(
                    new RedisSettings(
                            java.util.Optional.empty(),
                            Duration.ofMillis(50),
                            Duration.ofMillis(50),
                            Duration.ofSeconds(2),
                            "sp:"),
                    MetricsRecorder.NOOP);
            HealthReport report = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> check(database, none));
            assertEquals(Status.DOWN, report.status());
            assertEquals(503, report.httpStatus());
        }
    }
}
