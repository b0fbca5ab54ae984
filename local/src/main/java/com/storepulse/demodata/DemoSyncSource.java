package com.storepulse.demodata;

import com.storepulse.sync.SyncSource;
import com.storepulse.sync.SyncSources;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The local stack's demo sync source: an embedded H2 database in MSSQLServer mode, in the default
 * layout as H2 has it (docs/sync.md: {@code Customers} and {@code Orders}, no schema prefix, no
 * RowVer, ModifiedAt the cursor), seeded with the demo tenant's first store's customers and
 * orders (amounts in the store's currency: the sync keeps no exchange rates) and registered as a
 * sync source of that store. While the stack runs it changes a little
 * every {@link #CHANGE_EVERY} (a new customer with an order, a changed e-mail, a soft-deleted
 * order), so each scheduled sync has something real to bring over.
 */
public final class DemoSyncSource implements AutoCloseable {

    public static final String JDBC_URL =
            "jdbc:h2:mem:storepulse-demo-source;MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;DB_CLOSE_DELAY=-1";
    public static final Duration CHANGE_EVERY = Duration.ofMinutes(1);

    private final long sourceId;
    private final String currency;
    private final Connection connection;
    private final AtomicInteger changes = new AtomicInteger();
    private ScheduledExecutorService timer;

    private DemoSyncSource(long sourceId, String currency, Connection connection) {
        this.sourceId = sourceId;
        this.currency = currency;
        this.connection = connection;
    }

    /** Creates and seeds the database, registers it (once per PostgreSQL database); empty without a demo tenant. */
    public static Optional<DemoSyncSource> install(Jdbi jdbi, SyncSources sources) {
        List<long[]> store = DemoWebhookSource.firstDemoStore(jdbi);
        if (store.isEmpty()) {
            return Optional.empty();
        }
        long tenantId = store.get(0)[0];
        long storeId = store.get(0)[1];
        try {
            Connection connection = DriverManager.getConnection(JDBC_URL, "sa", "");
            seed(connection, jdbi, storeId);
            long id = sources.list(tenantId).stream()
                    .filter(s -> s.jdbcUrl().equals(JDBC_URL))
                    .map(SyncSource::id)
                    .findFirst()
                    .orElseGet(() -> sources.register(tenantId, storeId, JDBC_URL, "sa", null, Map.of(), "modifiedAt")
                            .id());
            return Optional.of(new DemoSyncSource(id, currency(jdbi, storeId), connection));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo sync source", e);
        }
    }

    public long sourceId() {
        return sourceId;
    }

    /** Starts the small changes between syncs. */
    public DemoSyncSource startChanging() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("demo-sync-source").daemon().factory());
        long every = CHANGE_EVERY.toMillis();
        timer.scheduleAtFixedRate(this::changeQuietly, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One round of changes, each stamped now: a new customer with an order, another customer's
     * e-mail changed, and one order soft-deleted.
     */
    public synchronized void change() throws SQLException {
        int n = changes.incrementAndGet();
        Timestamp now = timestamp(Instant.now());
        // Unique across restarts: the H2 database is new at each start, PostgreSQL may not be.
        String customer = "demo-sync-" + Instant.now().getEpochSecond() + "-" + n;
        try (PreparedStatement c =
                        connection.prepareStatement("INSERT INTO Customers VALUES (?, ?, 'Demo', ?, ?, ?, 0)");
                PreparedStatement o =
                        connection.prepareStatement("INSERT INTO Orders VALUES (?, ?, ?, ?, ?, 'order', ?, 0)");
                PreparedStatement email = connection.prepareStatement(
                        "UPDATE Customers SET Email = ?, ModifiedAt = ? WHERE CustomerId ="
                                + " (SELECT min(CustomerId) FROM Customers WHERE IsDeleted = 0 AND CustomerId NOT LIKE 'demo-sync-%')");
                PreparedStatement delete =
                        connection.prepareStatement("UPDATE Orders SET IsDeleted = 1, ModifiedAt = ? WHERE OrderId ="
                                + " (SELECT max(OrderId) FROM Orders WHERE IsDeleted = 0)")) {
            c.setString(1, customer);
            c.setString(2, customer + "@example.test");
            c.setString(3, "Customer " + n);
            c.setTimestamp(4, now);
            c.setTimestamp(5, now);
            c.executeUpdate();
            o.setString(1, customer + "-1");
            o.setString(2, customer);
            o.setTimestamp(3, now);
            o.setBigDecimal(4, BigDecimal.valueOf(20 + n % 80));
            o.setString(5, currency);
            o.setTimestamp(6, now);
            o.executeUpdate();
            email.setString(1, "changed-" + n + "@example.test");
            email.setTimestamp(2, now);
            email.executeUpdate();
            delete.setTimestamp(1, now);
            delete.executeUpdate();
        }
    }

    private void changeQuietly() {
        try {
            change();
        } catch (SQLException | RuntimeException e) {
            System.err.println("demo sync source: change failed: " + e.getMessage());
        }
    }

    /** The default layout (if not there yet), filled from the store's live customers and orders. */
    private static void seed(Connection connection, Jdbi jdbi, long storeId) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS Customers (CustomerId NVARCHAR(64) PRIMARY KEY,"
                    + " Email NVARCHAR(320) NULL, FirstName NVARCHAR(100) NULL, LastName NVARCHAR(100) NULL,"
                    + " CreatedAt DATETIME2, ModifiedAt DATETIME2 NOT NULL, IsDeleted BIT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS Orders (OrderId NVARCHAR(64) PRIMARY KEY, CustomerId NVARCHAR(64),"
                    + " OrderedAt DATETIME2, TotalAmount DECIMAL(19,4), Currency CHAR(3), Kind NVARCHAR(16),"
                    + " ModifiedAt DATETIME2 NOT NULL, IsDeleted BIT NOT NULL)");
            try (var rs = s.executeQuery("SELECT count(*) FROM Customers")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        Timestamp seededAt = timestamp(Instant.now());
        connection.setAutoCommit(false);
        try (PreparedStatement c = connection.prepareStatement("INSERT INTO Customers VALUES (?, ?, ?, ?, ?, ?, 0)");
                PreparedStatement o =
                        connection.prepareStatement("INSERT INTO Orders VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
            jdbi.useHandle(h -> {
                h.createQuery("""
                                SELECT external_id, email, first_name, last_name, signed_up_at
                                  FROM dim_customer WHERE store_id = :store AND deleted_at IS NULL""")
                        .bind("store", storeId)
                        .map((rs, ctx) -> {
                            c.setString(1, rs.getString(1));
                            c.setString(2, rs.getString(2));
                            c.setString(3, rs.getString(3));
                            c.setString(4, rs.getString(4));
                            c.setTimestamp(5, timestamp(rs.getObject(5, OffsetDateTime.class)));
                            c.setTimestamp(6, seededAt);
                            c.addBatch();
                            return 1;
                        })
                        .list();
                h.createQuery("""
                                SELECT o.external_id, c.external_id, o.ordered_at,
                                       round(o.amount * o.fx_rate_to_store, 2), s.currency, o.kind
                                  FROM fact_order o JOIN dim_customer c ON c.customer_id = o.customer_id
                                  JOIN store s ON s.store_id = o.store_id
                                 WHERE o.store_id = :store AND o.deleted_at IS NULL AND c.deleted_at IS NULL""")
                        .bind("store", storeId)
                        .map((rs, ctx) -> {
                            o.setString(1, rs.getString(1));
                            o.setString(2, rs.getString(2));
                            o.setTimestamp(3, timestamp(rs.getObject(3, OffsetDateTime.class)));
                            o.setBigDecimal(4, rs.getBigDecimal(4));
                            o.setString(5, rs.getString(5));
                            o.setString(6, rs.getString(6));
                            o.setTimestamp(7, seededAt);
                            o.addBatch();
                            return 1;
                        })
                        .list();
            });
            c.executeBatch();
            o.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String currency(Jdbi jdbi, long storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT currency FROM store WHERE store_id = :store")
                .bind("store", storeId)
                .mapTo(String.class)
                .one());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Timestamp timestamp(OffsetDateTime at) {
        return at == null ? null : timestamp(at.toInstant());
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the in-memory database goes with the JVM
        }
    }
}
