package com.storepulse.sync;

import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A source database in the default layout, seeded from a seed, changed the ways a retailer's
 * system changes it, and summed up (counts and a SHA-256 over every column) the same way as the
 * store it is synced into, so "the store equals the source" is one comparison.
 */
public final class SourceFixture implements AutoCloseable {

    enum Kind {
        H2,
        MARIADB
    }

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final Kind kind;
    private final String jdbcUrl;
    private final Connection connection;
    private final Runnable dropper;
    private long rowVersion;
    private Instant clock = EPOCH;
    private int nextOrder;
    private int customers;
    private final TreeSet<String> hardDeletedCustomers = new TreeSet<>();
    private final TreeSet<String> hardDeletedOrders = new TreeSet<>();

    private SourceFixture(Kind kind, String jdbcUrl, Connection connection, Runnable dropper) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.connection = connection;
        this.dropper = dropper;
    }

    /** An H2 database in MSSQLServer mode, in memory, named {@code name} (kept until closed). */
    public static SourceFixture h2(String name) {
        return h2("jdbc:h2:mem:" + name + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;DB_CLOSE_DELAY=-1", null);
    }

    /**
     * An H2 database reached at {@code jdbcUrl}, created through {@code creatorUrl} (or the URL
     * itself); over H2's TCP server, a process of its own can read it (the kill and fault tests).
     */
    public static SourceFixture h2(String jdbcUrl, String creatorUrl) {
        try {
            Connection connection = DriverManager.getConnection(creatorUrl == null ? jdbcUrl : creatorUrl);
            SourceFixture fixture = new SourceFixture(Kind.H2, jdbcUrl, connection, () -> {});
            fixture.script("h2.sql");
            return fixture;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the H2 source", e);
        }
    }

    /**
     * A fresh database on the MariaDB in {@code MARIADB_URL} (default the machine's,
     * {@code jdbc:mariadb://127.0.0.1:3306/?user=root}); the test is skipped when none answers
     * (failed under {@link SharedFixtures#REQUIRED}).
     */
    public static SourceFixture mariadb() {
        String server = System.getenv().getOrDefault("MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");
        String database =
                "sp_sync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(server);
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            return SharedFixtures.missing("a MariaDB at " + server.replaceAll("password=[^&]*", "password=***") + " ("
                    + e.getMessage() + ")");
        }
        int q = server.indexOf('?');
        String base = q < 0 ? server : server.substring(0, q);
        String query = q < 0 ? "" : server.substring(q);
        String url = (base.endsWith("/") ? base : base + "/") + database + query;
        try {
            Connection connection = DriverManager.getConnection(url);
            SourceFixture fixture = new SourceFixture(Kind.MARIADB, url, connection, () -> {
                try (Connection admin = DriverManager.getConnection(server);
                        Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database);
                } catch (SQLException ignored) {
                    // best effort
                }
            });
            fixture.script("mariadb.sql");
            return fixture;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the MariaDB source", e);
        }
    }

    Kind kind() {
        return kind;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** The registered URL without credentials (the fixture's MariaDB URL carries user=root in its query). */
    public String registeredUrl() {
        return jdbcUrl;
    }

    Connection connection() {
        return connection;
    }

    /** {@code customers} customers and {@code orders} orders from {@code seed}; modified-at values repeat often. */
    public void seed(long seed, int customerCount, int orderCount) throws SQLException {
        Random random = new Random(seed);
        connection.setAutoCommit(false);
        try (PreparedStatement c = connection.prepareStatement(
                "INSERT INTO Customers (CustomerId, Email, FirstName, LastName, CreatedAt, ModifiedAt, IsDeleted, RowVer)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < customerCount; i++) {
                c.setString(1, customerKey(i));
                c.setString(2, random.nextInt(10) == 0 ? null : "c" + i + "@example.com");
                c.setString(3, random.nextInt(10) == 0 ? null : name(random));
                c.setString(
                        4, random.nextInt(8) == 0 ? null : name(random) + (random.nextInt(20) == 0 ? "\t\\x\n" : ""));
                c.setObject(
                        5,
                        local(EPOCH.minus(random.nextInt(700), ChronoUnit.DAYS)
                                .plusMillis(random.nextInt(86_400_000))));
                // Few distinct values: many rows share a modified-at, and batches split such runs.
                c.setObject(6, local(clock.plusMillis(random.nextInt(40))));
                c.setBoolean(7, random.nextInt(50) == 0);
                c.setBytes(8, nextRowVersion());
                c.addBatch();
            }
            c.executeBatch();
        }
        customers = customerCount;
        try (PreparedStatement o = connection.prepareStatement(
                "INSERT INTO Orders (OrderId, CustomerId, OrderedAt, TotalAmount, Currency, Kind, ModifiedAt, IsDeleted, RowVer)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < orderCount; i++) {
                boolean isReturn = random.nextInt(12) == 0;
                o.setString(1, "o-" + nextOrder++);
                o.setString(2, customerKey(random.nextInt(customerCount)));
                o.setObject(
                        3,
                        local(EPOCH.minus(random.nextInt(700), ChronoUnit.DAYS)
                                .plusMillis(random.nextInt(86_400_000))));
                o.setBigDecimal(4, BigDecimal.valueOf(random.nextInt(5_000_000), 4));
                o.setString(5, "USD");
                o.setString(6, isReturn ? (random.nextBoolean() ? "return" : "Return ") : "order");
                o.setObject(7, local(clock.plusMillis(random.nextInt(40))));
                o.setBoolean(8, random.nextInt(50) == 0);
                o.setBytes(9, nextRowVersion());
                o.addBatch();
            }
            o.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
        clock = clock.plusSeconds(60);
    }

    /**
     * The changes between two runs: about {@code percent}% of the rows of each table changed (their
     * new modified-at values shared by many rows), {@code softDeletes} rows of each marked
     * IsDeleted, {@code hardDeletes} rows of each removed, and a few new orders. Returns how many
     * rows of each table got a new modified-at (what the next run must read, no more, no less).
     */
    int[] change(long seed, double percent, int softDeletes, int hardDeletes) throws SQLException {
        Random random = new Random(seed);
        List<String> customerKeys = keys("SELECT CustomerId FROM Customers WHERE IsDeleted = 0 ORDER BY CustomerId");
        List<String> orderKeys = keys("SELECT OrderId FROM Orders WHERE IsDeleted = 0 ORDER BY OrderId");
        TreeSet<String> changedCustomers =
                pick(random, customerKeys, (int) Math.ceil(customerKeys.size() * percent / 100));
        TreeSet<String> changedOrders = pick(random, orderKeys, (int) Math.ceil(orderKeys.size() * percent / 100));
        TreeSet<String> softCustomers = pick(random, customerKeys, softDeletes);
        TreeSet<String> softOrders = pick(random, orderKeys, softDeletes);
        connection.setAutoCommit(false);
        try (PreparedStatement c = connection.prepareStatement(
                "UPDATE Customers SET Email = ?, LastName = ?, ModifiedAt = ?, RowVer = ? WHERE CustomerId = ?")) {
            for (String key : changedCustomers) {
                c.setString(1, random.nextBoolean() ? null : key + "+" + random.nextInt(1000) + "@example.org");
                c.setString(2, name(random));
                c.setObject(3, local(clock.plusMillis(random.nextInt(3))));
                c.setBytes(4, nextRowVersion());
                c.setString(5, key);
                c.addBatch();
            }
            c.executeBatch();
        }
        try (PreparedStatement o = connection.prepareStatement(
                "UPDATE Orders SET TotalAmount = ?, CustomerId = ?, ModifiedAt = ?, RowVer = ? WHERE OrderId = ?")) {
            for (String key : changedOrders) {
                o.setBigDecimal(1, BigDecimal.valueOf(random.nextInt(5_000_000), 4));
                o.setString(2, customerKey(random.nextInt(customers)));
                o.setObject(3, local(clock.plusMillis(random.nextInt(3))));
                o.setBytes(4, nextRowVersion());
                o.setString(5, key);
                o.addBatch();
            }
            o.executeBatch();
        }
        int softCustomerChanges = markDeleted("Customers", "CustomerId", softCustomers, changedCustomers);
        int softOrderChanges = markDeleted("Orders", "OrderId", softOrders, changedOrders);
        for (String key : pick(random, customerKeys, hardDeletes)) {
            if (!changedCustomers.contains(key) && !softCustomers.contains(key)) {
                hardDeletedCustomers.add(key);
                execute("DELETE FROM Customers WHERE CustomerId = ?", key);
            }
        }
        for (String key : pick(random, orderKeys, hardDeletes)) {
            if (!changedOrders.contains(key) && !softOrders.contains(key)) {
                hardDeletedOrders.add(key);
                execute("DELETE FROM Orders WHERE OrderId = ?", key);
            }
        }
        connection.commit();
        connection.setAutoCommit(true);
        clock = clock.plusSeconds(60);
        return new int[] {changedCustomers.size() + softCustomerChanges, changedOrders.size() + softOrderChanges};
    }

    private int markDeleted(String table, String keyColumn, TreeSet<String> keys, TreeSet<String> alreadyChanged)
            throws SQLException {
        int newlyTouched = 0;
        try (PreparedStatement d = connection.prepareStatement(
                "UPDATE " + table + " SET IsDeleted = ?, ModifiedAt = ?, RowVer = ? WHERE " + keyColumn + " = ?")) {
            for (String key : keys) {
                d.setBoolean(1, true);
                d.setObject(2, local(clock.plusMillis(1)));
                d.setBytes(3, nextRowVersion());
                d.setString(4, key);
                d.addBatch();
                newlyTouched += alreadyChanged.contains(key) ? 0 : 1;
            }
            d.executeBatch();
        }
        return newlyTouched;
    }

    /** Rows removed from the source so far (only the key reconciliation can see them). */
    int hardDeleted() {
        return hardDeletedCustomers.size() + hardDeletedOrders.size();
    }

    /** The source summed up. */
    public Digest digest() throws SQLException {
        List<String> customerRows = new ArrayList<>();
        long deletedCustomers = hardDeletedCustomers.size();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT CustomerId, Email, FirstName, LastName, CreatedAt, ModifiedAt, IsDeleted FROM Customers")) {
            while (rs.next()) {
                if (rs.getBoolean(7)) {
                    deletedCustomers++;
                    continue;
                }
                customerRows.add(row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getObject(5, LocalDateTime.class)),
                        instant(rs.getObject(6, LocalDateTime.class))));
            }
        }
        List<String> orderRows = new ArrayList<>();
        long deletedOrders = hardDeletedOrders.size();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT OrderId, CustomerId, OrderedAt, TotalAmount, Currency, Kind,"
                        + " ModifiedAt, IsDeleted FROM Orders")) {
            while (rs.next()) {
                if (rs.getBoolean(8)) {
                    deletedOrders++;
                    continue;
                }
                String orderKind = rs.getString(6).strip().toLowerCase(Locale.ROOT);
                BigDecimal amount = rs.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP);
                orderRows.add(row(
                        rs.getString(1),
                        rs.getString(2),
                        instant(rs.getObject(3, LocalDateTime.class)),
                        (orderKind.equals("return") ? amount.abs().negate() : amount).toPlainString(),
                        rs.getString(5),
                        orderKind,
                        instant(rs.getObject(7, LocalDateTime.class))));
            }
        }
        return new Digest(
                customerRows.size(),
                deletedCustomers,
                sha(customerRows),
                orderRows.size(),
                deletedOrders,
                sha(orderRows));
    }

    /** The store summed up the same way: live rows by every column, deleted rows counted. */
    public static Digest digest(Jdbi jdbi, long storeId) {
        return jdbi.withHandle(h -> {
            List<String> customerRows = new ArrayList<>();
            long[] deleted = new long[2];
            h.createQuery("SELECT external_id, email, first_name, last_name, signed_up_at, source_updated_at,"
                            + " deleted_at IS NOT NULL AS deleted FROM dim_customer WHERE store_id = :s")
                    .bind("s", storeId)
                    .map((rs, ctx) -> {
                        if (rs.getBoolean("deleted")) {
                            deleted[0]++;
                        } else {
                            customerRows.add(row(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    instant(rs.getObject(5, OffsetDateTime.class)),
                                    instant(rs.getObject(6, OffsetDateTime.class))));
                        }
                        return null;
                    })
                    .forEach(ignored -> {});
            List<String> orderRows = new ArrayList<>();
            h.createQuery(
                            "SELECT o.external_id, c.external_id AS customer, o.ordered_at, o.amount, o.currency, o.kind,"
                                    + " o.source_updated_at, o.deleted_at IS NOT NULL AS deleted"
                                    + " FROM fact_order o JOIN dim_customer c ON c.customer_id = o.customer_id WHERE o.store_id = :s")
                    .bind("s", storeId)
                    .map((rs, ctx) -> {
                        if (rs.getBoolean("deleted")) {
                            deleted[1]++;
                        } else {
                            orderRows.add(row(
                                    rs.getString(1),
                                    rs.getString(2),
                                    instant(rs.getObject(3, OffsetDateTime.class)),
                                    rs.getBigDecimal(4)
                                            .setScale(2, RoundingMode.UNNECESSARY)
                                            .toPlainString(),
                                    rs.getString(5),
                                    rs.getString(6),
                                    instant(rs.getObject(7, OffsetDateTime.class))));
                        }
                        return null;
                    })
                    .forEach(ignored -> {});
            return new Digest(
                    customerRows.size(), deleted[0], sha(customerRows), orderRows.size(), deleted[1], sha(orderRows));
        });
    }

    /** Live rows and a checksum over all their columns, per table, and the deleted rows' counts. */
    public record Digest(
            long liveCustomers,
            long deletedCustomers,
            String customersSha,
            long liveOrders,
            long deletedOrders,
            String ordersSha) {

        /**
         * The live rows only: a row removed from the source before any run loaded it never reaches
         * the store, so the store may hold fewer tombstones than the source has deleted rows.
         */
        Digest live() {
            return new Digest(liveCustomers, 0, customersSha, liveOrders, 0, ordersSha);
        }
    }

    private static String row(Object... values) {
        StringBuilder row = new StringBuilder();
        for (Object value : values) {
            row.append(value == null ? "\u2400" : value.toString()).append('\u241f');
        }
        return row.toString();
    }

    private static String sha(List<String> rows) {
        List<String> sorted = new ArrayList<>(rows);
        sorted.sort(null);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String row : sorted) {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String customerKey(int i) {
        return "c-" + i;
    }

    private static String name(Random random) {
        String[] names = {"Ana", "Bo", "Chloé", "Dmitri", "Eun-ji", "Femi", "Grace", "Hiro", "Ines", "José"};
        return names[random.nextInt(names.length)];
    }

    private byte[] nextRowVersion() {
        return ByteBuffer.allocate(8).putLong(++rowVersion).array();
    }

    private static TreeSet<String> pick(Random random, List<String> keys, int count) {
        TreeSet<String> picked = new TreeSet<>();
        while (picked.size() < Math.min(count, keys.size())) {
            picked.add(keys.get(random.nextInt(keys.size())));
        }
        return picked;
    }

    private List<String> keys(String sql) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    public void execute(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    private void script(String name) throws SQLException {
        String text;
        try (InputStream in = SourceFixture.class.getResourceAsStream("SourceFixture/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("SourceFixture/" + name + " missing", e);
        }
        try (Statement s = connection.createStatement()) {
            for (String statement : text.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (kind == Kind.H2) {
                try (Statement s = connection.createStatement()) {
                    s.execute("DROP ALL OBJECTS");
                }
            }
            connection.close();
        } finally {
            dropper.run();
        }
    }
}
