package com.storepulse.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The PostgreSQL connection pool (HikariCP) and the Jdbi on top of it.
 *
 * <p>The pool can be closed and reopened ({@link #suspend()} / {@link #resume()}) because a
 * SnapStart snapshot must not carry open sockets; the Jdbi instance stays the same, so
 * repositories built on it keep working after a restore.
 */
public final class Database implements AutoCloseable {

    /**
     * While the database is known to be unreachable, requests are refused at once and one of them
     * per this interval checks whether it answers again: the bound on how long after the database
     * returns the first request succeeds, and the Retry-After a refused request gets.
     */
    public static final Duration BREAKER_COOLDOWN = Duration.ofSeconds(1);

    /** What a caller is told when the database cannot be reached. */
    public static final String UNAVAILABLE_DETAIL = GuardedConnections.UNAVAILABLE;

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private final Supplier<DatabaseSettings> settings;
    private final SwitchableDataSource dataSource;
    private final DatabaseBreaker breaker;
    private final Jdbi jdbi;

    public Database(DatabaseSettings settings) {
        this(() -> settings);
    }

    /**
     * Settings are read each time the pool opens, not now: on Lambda the URL and password may be
     * secret references, and resolving them at init would put them in the SnapStart snapshot.
     */
    public Database(Supplier<DatabaseSettings> settings) {
        this.settings = settings;
        this.dataSource = new SwitchableDataSource(() -> openPool(settings.get()));
        this.breaker = new DatabaseBreaker(InstantSource.system(), BREAKER_COOLDOWN);
        this.jdbi = Jdbi.create(new GuardedConnections(dataSource, breaker, settings))
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin())
                .setHandleCallbackDecorator(Database::failingAsUnavailable);
    }

    /**
     * Whether {@code failure} means the database could not be reached (a refused or lost
     * connection, the server shutting down), as opposed to a bad statement.
     */
    public static boolean isUnreachable(Throwable failure) {
        return ConnectionFailures.meansUnreachable(failure);
    }

    /**
     * A statement that fails because the connection or the server went away (the server shut
     * down mid-request, say) is a {@link com.storepulse.errors.DependencyUnavailableException} for
     * the database, like a connection that could not be had; any other failure stays what it is.
     */
    private static <R, X extends Exception> HandleCallback<R, X> failingAsUnavailable(HandleCallback<R, X> callback) {
        return handle -> {
            try {
                return callback.withHandle(handle);
            } catch (JdbiException e) {
                if (ConnectionFailures.meansUnreachable(e)) {
                    throw GuardedConnections.unavailable(e);
                }
                throw e;
            }
        };
    }

    private static HikariDataSource openPool(DatabaseSettings s) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("storepulse");
        config.setJdbcUrl(s.jdbcUrl());
        if (s.user() != null) {
            config.setUsername(s.user());
        }
        if (s.password() != null) {
            config.setPassword(s.password());
        }
        config.setMaximumPoolSize(s.poolSize());
        config.setMinimumIdle(Math.min(1, s.poolSize()));
        // How long a request waits for a connection: short, so a database outage is a quick 503
        // (GuardedConnections), not a request held for seconds.
        config.setConnectionTimeout(s.connectTimeout().toMillis());
        // Lambda freezes idle instances: keep connections short-lived so a thawed instance does
        // not trust a socket the server or a NAT closed long ago.
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setIdleTimeout(MAX_LIFETIME.toMillis() / 2);
        config.setKeepaliveTime(0);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty(
                "options", "-c statement_timeout=" + s.statementTimeout().toMillis());
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "storepulse");
        return new HikariDataSource(config);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseSettings settings() {
        return settings.get();
    }

    /** Closes every pooled connection; the next use (or {@link #resume()}) opens a new pool. */
    public void suspend() {
        dataSource.close();
    }

    public void resume() {
        breaker.recordReachable(); // after a restore, the next request finds out for itself
        dataSource.open();
    }

    public boolean isOpen() {
        return dataSource.isOpen();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
