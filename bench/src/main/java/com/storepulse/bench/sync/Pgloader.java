package com.storepulse.bench.sync;

import com.storepulse.db.DatabaseSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer: pgloader (Debian package {@code pgloader}) copying the source database into a
 * PostgreSQL database of its own with its defaults (tables created, COPY, indexes built after the
 * load), timed as a process from start to exit, then its rows counted in the target.
 */
final class Pgloader {

    /** What pgloader did: rows in the target and the process's wall time. */
    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final DatabaseSettings server;
    private final SourceData data;

    Pgloader(DatabaseSettings server, SourceData data) {
        this.server = server;
        this.data = data;
    }

    /** The pgloader version line, or null when it is not installed. */
    static String version() {
        try {
            Process p = new ProcessBuilder("pgloader", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out.lines().findFirst().orElse(out) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs pgloader into {@code targetJdbcUrl}; null (with a message) when pgloader is absent. */
    Result run(String targetJdbcUrl) throws IOException, InterruptedException, SQLException {
        String version = version();
        if (version == null) {
            SyncBench.OUT.println("  pgloader is not installed: its part is SKIPPED (apt-get install -y pgloader),"
                    + " so there is no ratio in this run");
            return null;
        }
        Path folder = Files.createTempDirectory("syncbench-pgloader");
        Path commands = folder.resolve("load.pgl");
        Path log = folder.resolve("pgloader.log");
        Files.writeString(
                commands,
                "LOAD DATABASE\n  FROM " + mysqlUri() + "\n  INTO " + postgresUri("syncbench_pgloader")
                        + "\n  EXCLUDING TABLE NAMES MATCHING 'bench_meta';\n");
        SyncBench.OUT.printf(
                "  %s, defaults (load, then indexes), command file: FROM the source INTO syncbench_pgloader%n",
                version);
        String loadBefore = SyncBench.load();
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder("pgloader", commands.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("pgloader did not finish in 30 minutes; log " + log);
        }
        double seconds = SyncBench.seconds(t0);
        List<String> lines = Files.readAllLines(log);
        if (process.exitValue() != 0) {
            lines.stream().skip(Math.max(0, lines.size() - 30)).forEach(l -> SyncBench.OUT.println("  | " + l));
            throw new IllegalStateException("pgloader exited " + process.exitValue() + "; log " + log);
        }
        Map<String, Long> counts = counts(targetJdbcUrl);
        long rows = counts.values().stream().mapToLong(Long::longValue).sum();
        for (String line : lines) {
            if (line.matches("\\s*(Total import time|.*\\.(customers|orders)\\s).*")) {
                SyncBench.OUT.println("  | " + line.strip());
            }
        }
        SyncBench.OUT.printf(
                "  %,d rows (%s) in %.1f s = %,.0f rows/s (load %s before, %s after)%n",
                rows, counts, seconds, rows / seconds, loadBefore, SyncBench.load());
        if (rows != (long) data.customers() + data.orders()) {
            throw new IllegalStateException("pgloader loaded " + rows + " rows; log " + log);
        }
        Files.deleteIfExists(commands);
        Files.deleteIfExists(log);
        Files.deleteIfExists(folder);
        return new Result(rows, seconds);
    }

    /** Rows per table pgloader left in the target (in the schema named after the source database). */
    private static Map<String, Long> counts(String jdbcUrl) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement()) {
            for (String table : List.of("customers", "orders")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM syncbench." + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private String postgresUri(String database) {
        URI uri = URI.create(server.jdbcUrl().substring("jdbc:".length()));
        String auth = server.user() == null
                ? ""
                : server.user() + (server.password() == null ? "" : ":" + server.password()) + "@";
        return "postgresql://" + auth + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/"
                + database;
    }

    private String mysqlUri() {
        URI uri = URI.create(data.jdbcUrl().substring("jdbc:".length()));
        Map<String, String> query = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        String user = query.getOrDefault("user", "root");
        String password = query.get("password");
        return "mysql://" + user + (password == null ? "" : ":" + password) + "@" + uri.getHost() + ":"
                + (uri.getPort() < 0 ? 3306 : uri.getPort()) + uri.getPath();
    }
}
