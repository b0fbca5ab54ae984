package com.storepulse.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource whose pool can be closed and lazily reopened, for SnapStart checkpoints. */
final class SwitchableDataSource implements DataSource {

    private final Supplier<HikariDataSource> factory;
    private volatile HikariDataSource current;

    SwitchableDataSource(Supplier<HikariDataSource> factory) {
        this.factory = factory;
    }

    private HikariDataSource pool() {
        HikariDataSource pool = current;
        if (pool == null) {
            synchronized (this) {
                pool = current;
                if (pool == null) {
                    pool = factory.get();
                    current = pool;
                }
            }
        }
        return pool;
    }

    synchronized void open() {
        pool();
    }

    synchronized void close() {
        HikariDataSource pool = current;
        current = null;
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * Forgets the current pool and closes it in the background (a pool whose connection attempts
     * are under way can take a moment to close); the next use opens a new one.
     */
    void discard() {
        HikariDataSource pool;
        synchronized (this) {
            pool = current;
            current = null;
        }
        if (pool != null) {
            Thread.ofVirtual().name("storepulse-pool-discard").start(pool::close);
        }
    }

    boolean isOpen() {
        HikariDataSource pool = current;
        return pool != null && !pool.isClosed();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from DatabaseSettings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return pool().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
