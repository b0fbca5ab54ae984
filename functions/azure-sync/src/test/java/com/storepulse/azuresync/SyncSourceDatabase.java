package com.storepulse.azuresync;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A retailer's database for the function's tests: H2 in MSSQLServer mode, in memory, in the
 * default layout as H2 has it (docs/sync.md: no schema prefix, no RowVer, ModifiedAt the cursor).
 */
final class SyncSourceDatabase implements AutoCloseable {

    private final String jdbcUrl;
    private final Connection connection;
    private Instant clock = Instant.parse("2026-11-01T00:00:00Z");

    private SyncSourceDatabase(String jdbcUrl, Connection connection) {
        this.jdbcUrl = jdbcUrl;
        this.connection = connection;
    }

    /** The default layout, empty. */
    static SyncSourceDatabase create(String name) throws SQLException {
        String url = "jdbc:h2:mem:" + name + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;DB_CLOSE_DELAY=-1";
        SyncSourceDatabase db = new SyncSourceDatabase(url, DriverManager.getConnection(url, "sa", ""));
        try (Statement s = db.connection.createStatement()) {
            s.execute("CREATE TABLE Customers (CustomerId NVARCHAR(64) PRIMARY KEY, Email NVARCHAR(320) NULL,"
                    + " FirstName NVARCHAR(100) NULL, LastName NVARCHAR(100) NULL, CreatedAt DATETIME2,"
                    + " ModifiedAt DATETIME2 NOT NULL, IsDeleted BIT NOT NULL)");
            s.execute("CREATE TABLE Orders (OrderId NVARCHAR(64) PRIMARY KEY, CustomerId NVARCHAR(64),"
                    + " OrderedAt DATETIME2, TotalAmount DECIMAL(19,4), Currency CHAR(3), Kind NVARCHAR(16),"
                    + " ModifiedAt DATETIME2 NOT NULL, IsDeleted BIT NOT NULL)");
        }
        return db;
    }

    /** A database that answers but has none of the default layout's tables (a poison source). */
    static SyncSourceDatabase withoutTables(String name) throws SQLException {
        String url = "jdbc:h2:mem:" + name + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;DB_CLOSE_DELAY=-1";
        return new SyncSourceDatabase(url, DriverManager.getConnection(url, "sa", ""));
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** {@code count} customers {@code c<first>...}, each with two orders; every row modified one second apart. */
    void addCustomers(int first, int count) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement customer =
                        connection.prepareStatement("INSERT INTO Customers VALUES (?, ?, ?, ?, ?, ?, 0)");
                PreparedStatement order =
                        connection.prepareStatement("INSERT INTO Orders VALUES (?, ?, ?, ?, 'USD', 'order', ?, 0)")) {
            for (int i = first; i < first + count; i++) {
                String id = "c" + i;
                customer.setString(1, id);
                customer.setString(2, "customer" + i + "@example.test");
                customer.setString(3, "First" + i);
                customer.setString(4, "Last" + i);
                customer.setTimestamp(5, timestamp(clock.minusSeconds(86_400L * 400)));
                customer.setTimestamp(6, timestamp(tick()));
                customer.addBatch();
                for (int k = 0; k < 2; k++) {
                    order.setString(1, id + "-o" + k);
                    order.setString(2, id);
                    order.setTimestamp(3, timestamp(clock.minusSeconds(86_400L * (30 + 90 * k + i % 60))));
                    order.setBigDecimal(4, BigDecimal.valueOf(10 + (i % 50) + k, 0));
                    order.setTimestamp(5, timestamp(tick()));
                    order.addBatch();
                }
            }
            customer.executeBatch();
            order.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Changes a customer's e-mail without touching ModifiedAt: only a full resync sees it. */
    void changeSilently(String customerId, String email) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE Customers SET Email = ? WHERE CustomerId = ?")) {
            s.setString(1, email);
            s.setString(2, customerId);
            s.executeUpdate();
        }
    }

    /** Deletes a customer and their orders outright (no soft delete): only a key reconciliation sees it. */
    void deleteOutright(String customerId) throws SQLException {
        try (PreparedStatement orders = connection.prepareStatement("DELETE FROM Orders WHERE CustomerId = ?");
                PreparedStatement customer =
                        connection.prepareStatement("DELETE FROM Customers WHERE CustomerId = ?")) {
            orders.setString(1, customerId);
            orders.executeUpdate();
            customer.setString(1, customerId);
            customer.executeUpdate();
        }
    }

    long count(String table) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already gone
        }
        connection.close();
    }
}
