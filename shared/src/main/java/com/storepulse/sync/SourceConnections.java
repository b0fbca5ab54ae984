package com.storepulse.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a read connection to a source database. Production and tests use {@link #DRIVER_MANAGER};
 * the seam exists so a test can open a connection that fails or is killed.
 */
@FunctionalInterface
public interface SourceConnections {

    /** A new connection, resolved secrets already in {@code login}; the caller closes it. */
    Connection open(SourceLogin login) throws SQLException;

    /**
     * Plain JDBC through the driver the URL names, with the dialect's streaming settings
     * ({@link SourceDialect#streamingProperties()}) so a large result set is never held in memory.
     */
    SourceConnections DRIVER_MANAGER = login -> {
        Properties properties = SourceDialect.of(login.jdbcUrl()).streamingProperties();
        if (login.username() != null) {
            properties.setProperty("user", login.username());
        }
        if (login.password() != null) {
            properties.setProperty("password", login.password());
        }
        // MariaDB's driver (the one the function carries) serves MySQL too, but claims a
        // jdbc:mysql: URL only with permitMysqlScheme in the URL itself.
        String url = login.jdbcUrl().regionMatches(true, 0, "jdbc:mysql:", 0, 11)
                ? "jdbc:mariadb:" + login.jdbcUrl().substring(11)
                : login.jdbcUrl();
        return DriverManager.getConnection(url, properties);
    };

    /** Where and as whom to connect, secrets resolved. {@link #toString()} never shows the password. */
    record SourceLogin(String jdbcUrl, String username, String password) {
        @Override
        public String toString() {
            return "SourceLogin[jdbcUrl=" + SyncSource.redactedUrl(jdbcUrl) + ", username=" + username + "]";
        }
    }
}
