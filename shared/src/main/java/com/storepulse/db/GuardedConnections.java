package com.storepulse.db;

import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DependencyUnavailableException.Dependency;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every Jdbi handle gets its connection: the pool, behind a {@link DatabaseBreaker}.
 *
 * <ul>
 *   <li>Breaker closed: a pool connection, waiting at most the pool's connection timeout
 *       ({@code DB_CONNECT_TIMEOUT}, 1 s by default). If none comes because a new connection
 *       could not be made, the database is unreachable: the breaker opens and the pool is
 *       discarded (its background reconnects back off for up to 5 s, too slow to follow a
 *       recovery). A pool that is merely busy does not open the breaker.</li>
 *   <li>Breaker open: refused at once, except one caller per cooldown (1 s), which opens a
 *       connection of its own straight through the driver (bounded by the same timeout): if the
 *       database answers, the breaker closes and a new pool opens on first use.</li>
 * </ul>
 * A refusal is a {@link DependencyUnavailableException} for {@link Dependency#DATABASE}, which the
 * HTTP edge answers 503 DATABASE_UNAVAILABLE with Retry-After.
 */
final class GuardedConnections implements ConnectionFactory {

    static final String UNAVAILABLE = "The database is unavailable; retry shortly.";

    private static final Logger LOG = LoggerFactory.getLogger(GuardedConnections.class);

    private final SwitchableDataSource pool;
    private final DatabaseBreaker breaker;
    private final Supplier<DatabaseSettings> settings;

    GuardedConnections(SwitchableDataSource pool, DatabaseBreaker breaker, Supplier<DatabaseSettings> settings) {
        this.pool = pool;
        this.breaker = breaker;
        this.settings = settings;
    }

    @Override
    public Connection openConnection() {
        if (breaker.isOpen()) {
            if (!breaker.tryStartProbe()) {
                throw unavailable(null);
            }
            SQLException failure;
            try {
                failure = probe();
            } catch (RuntimeException e) { // the settings could not be read (a secret, say)
                breaker.recordUnreachable();
                throw e;
            }
            if (failure != null) {
                breaker.recordUnreachable();
                throw unavailable(failure);
            }
            if (breaker.recordReachable()) {
                LOG.info("database reachable again; the pool reopens");
            }
        }
        try {
            return scopedToTenant(pool.getConnection());
        } catch (SQLException e) {
            // A pool timeout carries the last failed connection attempt as its cause; a busy pool has none.
            if (e.getCause() != null || ConnectionFailures.meansUnreachable(e)) {
                if (breaker.recordUnreachable()) {
                    LOG.warn(
                            "database unreachable ({}): refusing requests at once, probing every {}",
                            summary(e),
                            breaker.cooldown());
                }
                pool.discard();
            }
            throw unavailable(e);
        }
    }

    /**
     * Names this thread's tenant to the connection ({@link TenantScope}) before anything else runs
     * on it: one short statement per checkout, so row-level security sees the tenant of the unit of
     * work that holds the connection, or none.
     */
    private static Connection scopedToTenant(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(TenantScope.settingStatement());
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Null when a fresh connection, straight through the driver, answers; else why not. */
    private SQLException probe() {
        DatabaseSettings s = settings.get();
        int seconds = (int) Math.max(1, (s.connectTimeout().toMillis() + 999) / 1000);
        Properties properties = new Properties();
        if (s.user() != null) {
            properties.setProperty("user", s.user());
        }
        if (s.password() != null) {
            properties.setProperty("password", s.password());
        }
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("socketTimeout", Integer.toString(seconds));
        properties.setProperty("ApplicationName", "storepulse-probe");
        try (Connection connection = DriverManager.getConnection(s.jdbcUrl(), properties)) {
            return connection.isValid(seconds) ? null : new SQLException("the probe connection is not valid", "08000");
        } catch (SQLException e) {
            return e;
        }
    }

    static DependencyUnavailableException unavailable(Throwable cause) {
        return new DependencyUnavailableException(Dependency.DATABASE, UNAVAILABLE, cause);
    }

    private static String summary(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root instanceof SQLException sql && sql.getSQLState() != null ? " " + sql.getSQLState() : "");
    }
}
