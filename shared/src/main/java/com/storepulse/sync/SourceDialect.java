package com.storepulse.sync;

import java.util.Locale;
import java.util.Properties;

/**
 * The source databases the connector speaks. Each has its statements in resource files
 * ({@code SourceReader/<dialect>/*.sql}) and its own way of streaming a result set.
 */
public enum SourceDialect {
    /** Azure SQL / SQL Server through mssql-jdbc. */
    SQLSERVER("sqlserver"),
    /** MariaDB or MySQL (MariaDB Connector/J or MySQL Connector/J). */
    MARIADB("mariadb"),
    /** H2 in {@code MODE=MSSQLServer}: the local stack's demo source and the tests' SQL Server stand-in. */
    H2("h2");

    private final String directory;

    SourceDialect(String directory) {
        this.directory = directory;
    }

    /** The folder of this dialect's SQL under {@code SourceReader/}. */
    public String directory() {
        return directory;
    }

    /** The dialect of a JDBC URL; throws {@link IllegalArgumentException} for any other database. */
    public static SourceDialect of(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlserver:")) {
            return SQLSERVER;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException(
                "jdbcUrl must start with jdbc:sqlserver:, jdbc:mariadb:, jdbc:mysql: or jdbc:h2:");
    }

    /**
     * Driver properties that make a large {@code SELECT} stream at the statement's fetch size:
     * mssql-jdbc buffers adaptively by default and {@code selectMethod=cursor} makes it fetch in
     * blocks (and reads from a read scale-out replica when the database has one:
     * {@code applicationIntent=ReadOnly}); MariaDB/MySQL need {@code useCursorFetch} for the fetch size to mean anything (without
     * it the driver reads the whole result).
     */
    public Properties streamingProperties() {
        Properties properties = new Properties();
        switch (this) {
            case SQLSERVER -> {
                properties.setProperty("responseBuffering", "adaptive");
                properties.setProperty("selectMethod", "cursor");
                properties.setProperty("applicationIntent", "ReadOnly");
            }
            case MARIADB -> properties.setProperty("useCursorFetch", "true");
            case H2 -> {}
        }
        return properties;
    }
}
