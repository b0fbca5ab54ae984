package com.storepulse.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
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

    private final Supplier<DatabaseSettings> settings;
    private final SwitchableDataSource dataSource;
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
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
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
        config.setConnectionTimeout(s.connectTimeout().toMillis());
        // Lambda freezes idle instances: keep connections short-lived so a thawed instance does
        // not trust a socket the server or a NAT closed long ago.
        long maxLifetime = Math.max(30_000, s.connectTimeout().toMillis() * 60);
        config.setMaxLifetime(maxLifetime);
        config.setIdleTimeout(maxLifetime / 2);
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
