package com.storepulse.testing;

import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.devservers.DevServers;
import com.storepulse.schema.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server in {@code DATABASE_URL} if set (CI uses the machine's
 * own), else an embedded one. Each test JVM gets a fresh, migrated database of its own, dropped
 * at exit, so runs never see each other's rows.
 */
public final class TestDatabase {

    /** The functions' login role (V20): no superuser, no BYPASSRLS, owns nothing. */
    public static final String APPLICATION_ROLE = "storepulse_app";

    private static Database shared;
    private static String sharedUrl;
    private static Database sharedAsApplication;

    private TestDatabase() {}

    /** The migrated database shared by every test in this JVM. */
    public static synchronized Database shared() {
        if (shared == null) {
            sharedUrl = createEmptyDatabase("sp_test");
            shared = open(sharedUrl, 10);
            Migrations.migrate(shared.dataSource());
        }
        return shared;
    }

    public static synchronized String sharedJdbcUrl() {
        shared();
        return sharedUrl;
    }

    /**
     * The shared database as the functions connect to it: the application role, so row-level
     * security applies (the owner connection of {@link #shared()} bypasses it, as every table owner
     * and superuser does). Fixtures are written through {@link #shared()}; the code under test reads
     * and writes through this one.
     */
    public static synchronized Database sharedAsApplication() {
        if (sharedAsApplication == null) {
            sharedAsApplication = open(sharedApplicationJdbcUrl(), 10);
        }
        return sharedAsApplication;
    }

    public static synchronized String sharedApplicationJdbcUrl() {
        return asApplication(sharedJdbcUrl());
    }

    /** {@code jdbcUrl} with the application role as its user (trust authentication: no password). */
    public static String asApplication(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String parameter : jdbcUrl.substring(q + 1).split("&")) {
                if (parameter.isEmpty() || parameter.startsWith("user=") || parameter.startsWith("password=")) {
                    continue;
                }
                query.append(query.length() == 0 ? "" : "&").append(parameter);
            }
        }
        query.append(query.length() == 0 ? "" : "&").append("user=").append(APPLICATION_ROLE);
        return base + "?" + query;
    }

    /** A brand-new empty database (no migrations applied); returns its JDBC URL. */
    public static String createEmptyDatabase(String prefix) {
        DatabaseSettings server =
                DatabaseSettings.parse(DevServers.postgresUrl(), 1, Duration.ofSeconds(10), Duration.ofSeconds(60));
        String name = (prefix + "_"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name)));
        return withDatabase(server, name);
    }

    public static Database open(String jdbcUrl, int poolSize) {
        DatabaseSettings parsed =
                DatabaseSettings.parse(jdbcUrl, poolSize, Duration.ofSeconds(10), Duration.ofSeconds(60));
        return new Database(parsed);
    }

    private static String withDatabase(DatabaseSettings server, String name) {
        String url = server.jdbcUrl();
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        String prefix = base.substring(0, base.lastIndexOf('/') + 1);
        String auth = "";
        if (server.user() != null) {
            auth = (query.isEmpty() ? "?" : "&") + "user=" + server.user()
                    + (server.password() != null ? "&password=" + server.password() : "");
        }
        return prefix + name + query + auth;
    }

    private static void drop(DatabaseSettings server, String name) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // best effort at JVM exit; an embedded server is thrown away anyway
        }
    }

    /** Each index of a partition, mapped to the partitioned index it belongs to (plan tests name the parent). */
    public static java.util.Map<String, String> partitionIndexParents(com.storepulse.db.Database database) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT c.relname AS partition_index, p.relname AS parent_index
                        FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        WHERE c.relkind = 'i'""")
                        .setMapKeyColumn("partition_index")
                        .setMapValueColumn("parent_index")
                        .collectInto(new org.jdbi.v3.core.generic.GenericType<java.util.Map<String, String>>() {}));
    }
}
