package com.storepulse.db;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where and how to connect to PostgreSQL.
 *
 * <p>{@code DATABASE_URL} accepts both {@code postgres://user:pass@host:5432/db} and
 * {@code jdbc:postgresql://host:5432/db?user=...}. The pool is small on Lambda (one request at a
 * time per instance; 2 leaves room for a background flush) and larger for the local stack.
 */
public record DatabaseSettings(
        String jdbcUrl,
        String user,
        String password,
        int poolSize,
        Duration connectTimeout,
        Duration statementTimeout) {

    public static final String DATABASE_URL = "DATABASE_URL";

    /**
     * How long a request waits for a pool connection (and the breaker's probe for a connection of
     * its own): a database outage answers 503 after at most this, then at once (Database).
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public static DatabaseSettings from(Settings settings) {
        String url = settings.require(DATABASE_URL);
        boolean onLambda = settings.get("AWS_LAMBDA_FUNCTION_NAME").isPresent();
        int pool = settings.getInt("DB_POOL_SIZE", onLambda ? 2 : 10);
        Duration connect = settings.getDuration("DB_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT);
        Duration statement = settings.getDuration("DB_STATEMENT_TIMEOUT", Duration.ofSeconds(10));
        DatabaseSettings parsed = parse(url, pool, connect, statement);
        String user = settings.get("DB_USER").orElse(parsed.user());
        String password = settings.get("DB_PASSWORD").orElse(parsed.password());
        return new DatabaseSettings(parsed.jdbcUrl(), user, password, pool, connect, statement);
    }

    public static DatabaseSettings parse(String url, int poolSize, Duration connect, Duration statement) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseSettings(url, null, null, poolSize, connect, statement);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
            return new DatabaseSettings(jdbc, user, password, poolSize, connect, statement);
        }
        throw new ConfigurationException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql:");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Never print the password; jdbcUrl may carry one in its query, so strip that too.
        int q = jdbcUrl.indexOf('?');
        return "DatabaseSettings[" + (q < 0 ? jdbcUrl : jdbcUrl.substring(0, q)) + ", user=" + user + ", poolSize="
                + poolSize + "]";
    }
}
