package com.storepulse.bench.sync;

import com.storepulse.sync.SourceDialect;
import com.storepulse.sync.SyncTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The benchmark's source: a MariaDB database in the default layout (docs/sync.md: {@code Customers}
 * and {@code Orders}, no {@code RowVer}, {@code ModifiedAt} as the cursor, an index on
 * {@code (ModifiedAt, key)}), generated from a seed alone. Rows are written as TSV files in a
 * temporary folder and loaded with {@code LOAD DATA LOCAL INFILE}. Keys grow with insertion order
 * and so do the modified-at values, as in a retailer's system; four rows share each modified-at
 * value, so batch boundaries fall inside runs of equal values and the key breaks the ties.
 */
final class SourceData {

    /** The first modified-at of the initial load; changes are stamped after every earlier value. */
    static final Instant LOADED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final LocalDate FIRST_ORDER_DAY = LocalDate.of(2024, 1, 1);
    private static final int ORDER_DAYS = 731;
    private static final String[] NAMES = {
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Dennis", "Frances", "John", "Radia",
        "Tim", "Linus", "Guido", "Bjarne", "Niklaus", "Leslie", "Tony", "Shafi", "Müller", "Núñez", "O'Brien", "Zoë"
    };

    private final String serverUrl;
    private final String database;
    private final long seed;
    private final int customers;
    private final int orders;

    SourceData(String serverUrl, String database, long seed, int customers, int orders) {
        this.serverUrl = serverUrl;
        this.database = database;
        this.seed = seed;
        this.customers = customers;
        this.orders = orders;
    }

    int customers() {
        return customers;
    }

    int orders() {
        return orders;
    }

    /** The JDBC URL of the source database (the server's URL with the database in its path). */
    String jdbcUrl() {
        int q = serverUrl.indexOf('?');
        String base = q < 0 ? serverUrl : serverUrl.substring(0, q);
        String query = q < 0 ? "" : serverUrl.substring(q);
        return (base.endsWith("/") ? base : base + "/") + database + query;
    }

    /** The same URL without its query (user and password are given apart, as a registered source has them). */
    String registeredUrl() {
        String url = jdbcUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    Connection connect() throws SQLException {
        Properties properties = SourceDialect.MARIADB.streamingProperties();
        properties.setProperty("allowLocalInfile", "true");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** True when the database holds this seed and size already (a rerun with {@code --reuse-source}). */
    boolean matches() {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seed, customers, orders, changes FROM bench_meta")) {
            return rs.next()
                    && rs.getLong(1) == seed
                    && rs.getInt(2) == customers
                    && rs.getInt(3) == orders
                    && rs.getInt(4) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops and recreates the database, then generates and loads both tables. Returns seconds. */
    double generate(Path folder) throws SQLException, IOException {
        long t0 = System.nanoTime();
        try (Connection admin = DriverManager.getConnection(serverUrl);
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        }
        Path customerFile = folder.resolve("customers.tsv");
        Path orderFile = folder.resolve("orders.tsv");
        writeCustomers(customerFile);
        writeOrders(orderFile);
        double written = (System.nanoTime() - t0) / 1e9;
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("SET SESSION unique_checks = 0");
            s.execute("SET SESSION foreign_key_checks = 0");
            // The default layout on MariaDB: no dbo schema, no RowVer, DATETIME(6) for DATETIME2.
            s.execute("CREATE TABLE Customers (CustomerId NVARCHAR(64) PRIMARY KEY, Email NVARCHAR(320) NULL,"
                    + " FirstName NVARCHAR(100) NULL, LastName NVARCHAR(100) NULL, CreatedAt DATETIME(6),"
                    + " ModifiedAt DATETIME(6) NOT NULL, IsDeleted BOOLEAN NOT NULL)");
            s.execute("CREATE TABLE Orders (OrderId NVARCHAR(64) PRIMARY KEY, CustomerId NVARCHAR(64),"
                    + " OrderedAt DATETIME(6), TotalAmount DECIMAL(19,4), Currency CHAR(3), Kind NVARCHAR(16),"
                    + " ModifiedAt DATETIME(6) NOT NULL, IsDeleted BOOLEAN NOT NULL)");
            s.execute(load(customerFile, "Customers"));
            s.execute(load(orderFile, "Orders"));
            // LOAD DATA LOCAL turns a value it cannot take into a warning and a zero: none may be there.
            try (ResultSet rs = s.executeQuery(
                    "SELECT (SELECT COUNT(*) FROM Customers WHERE ModifiedAt < '2001-01-01'"
                            + " OR CreatedAt < '2001-01-01') + (SELECT COUNT(*) FROM Orders WHERE ModifiedAt < '2001-01-01'"
                            + " OR OrderedAt < '2001-01-01'), (SELECT COUNT(*) FROM Customers), (SELECT COUNT(*) FROM Orders)")) {
                rs.next();
                if (rs.getLong(1) != 0 || rs.getLong(2) != customers || rs.getLong(3) != orders) {
                    throw new IllegalStateException("the source load went wrong: " + rs.getLong(1) + " zero dates, "
                            + rs.getLong(2) + " customers, " + rs.getLong(3) + " orders");
                }
            }
            // docs/sync.md recommends an index on (cursor, key) per source table.
            s.execute("CREATE INDEX Customers_cursor ON Customers (ModifiedAt, CustomerId)");
            s.execute("CREATE INDEX Orders_cursor ON Orders (ModifiedAt, OrderId)");
            s.execute("ANALYZE TABLE Customers, Orders");
            s.execute("CREATE TABLE bench_meta (seed BIGINT, customers INT, orders INT, changes INT)");
            s.execute("INSERT INTO bench_meta VALUES (" + seed + ", " + customers + ", " + orders + ", 0)");
        }
        Files.deleteIfExists(customerFile);
        Files.deleteIfExists(orderFile);
        double total = (System.nanoTime() - t0) / 1e9;
        SyncBench.OUT.printf(
                "  source generated from seed %d: %,d customers, %,d orders; files written in %.1f s, loaded and indexed in %.1f s%n",
                seed, customers, orders, written, total - written);
        return total;
    }

    private static String load(Path file, String table) {
        return "LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE " + table
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";
    }

    static String customerKey(int i) {
        return "c" + pad(i, 8);
    }

    static String orderKey(long i) {
        return "o" + pad(i, 9);
    }

    private void writeCustomers(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long base = LOADED_AT.toEpochMilli() * 1000;
        StringBuilder line = new StringBuilder(200);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < customers; i++) {
                line.setLength(0);
                line.append(customerKey(i)).append('\t');
                if (random.nextInt(10) == 0) {
                    line.append("\\N");
                } else {
                    line.append('c').append(i).append("@example.com");
                }
                line.append('\t');
                name(line, random, 12).append('\t');
                name(line, random, 8).append('\t');
                long createdDay = FIRST_ORDER_DAY.toEpochDay() - random.nextInt(700);
                micros(line, createdDay * 86_400_000_000L + random.nextLong(86_400_000_000L))
                        .append('\t');
                micros(line, base + (i / 4) * 1000L).append('\t');
                line.append(random.nextInt(200) == 0 ? '1' : '0').append('\n');
                out.append(line);
            }
        }
    }

    private void writeOrders(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        long base = LOADED_AT.toEpochMilli() * 1000;
        long firstDay = FIRST_ORDER_DAY.toEpochDay();
        StringBuilder line = new StringBuilder(200);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < orders; i++) {
                line.setLength(0);
                line.append(orderKey(i)).append('\t');
                line.append(customerKey(random.nextInt(customers))).append('\t');
                micros(
                                line,
                                (firstDay + random.nextInt(ORDER_DAYS)) * 86_400_000_000L
                                        + random.nextLong(86_400_000_000L))
                        .append('\t');
                int amount = random.nextInt(5_000_000);
                line.append(amount / 10_000)
                        .append('.')
                        .append(pad(amount % 10_000, 4))
                        .append('\t');
                line.append("USD\t");
                line.append(random.nextInt(12) == 0 ? "return" : "order").append('\t');
                micros(line, base + (i / 4) * 1000L).append('\t');
                line.append(random.nextInt(200) == 0 ? '1' : '0').append('\n');
                out.append(line);
            }
        }
    }

    /**
     * Changes 1% of each table, as a retailer's system would between two runs: every hundredth row
     * (one chosen at random in each block of 100 keys) gets a new value and a modified-at after every
     * earlier one (four rows per value); one in twenty of them is soft-deleted. Returns the rows
     * changed per table, {customers, orders}: exactly what the next run must read.
     */
    int[] change(int round) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + round);
        long stamp = LOADED_AT.plusSeconds(86_400L * round).toEpochMilli() * 1000;
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE changed_keys (k NVARCHAR(64) PRIMARY KEY, n INT NOT NULL)");
            int changedCustomers = changeTable(c, s, random, customers, "Customers", "CustomerId", false, stamp);
            s.execute("TRUNCATE TABLE changed_keys");
            int changedOrders = changeTable(c, s, random, orders, "Orders", "OrderId", true, stamp);
            s.execute("UPDATE bench_meta SET changes = changes + 1");
            return new int[] {changedCustomers, changedOrders};
        }
    }

    private static int changeTable(
            Connection c,
            Statement s,
            SplittableRandom random,
            int rows,
            String table,
            String key,
            boolean orders,
            long stamp)
            throws SQLException {
        int count = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO changed_keys (k, n) VALUES (?, ?)")) {
            for (int block = 0; block * 100 < rows; block++) {
                int i = block * 100 + random.nextInt(Math.min(100, rows - block * 100));
                insert.setString(1, orders ? orderKey(i) : customerKey(i));
                insert.setInt(2, count++);
                insert.addBatch();
                if (count % 5_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        String set = orders
                ? "t.TotalAmount = t.TotalAmount + 1"
                : "t.Email = CONCAT('changed.', COALESCE(t.Email, t.CustomerId, ''))";
        s.executeUpdate("UPDATE " + table + " t JOIN changed_keys k ON t." + key + " = k.k SET " + set
                + ", t.ModifiedAt = TIMESTAMPADD(MICROSECOND, (k.n DIV 4) * 1000, '" + dateTime(stamp) + "')"
                + ", t.IsDeleted = IF(k.n % 20 = 19, 1, t.IsDeleted)");
        return count;
    }

    /**
     * The floor of the read side: both tables streamed through the sync's own read statement
     * ({@code SourceReader/mariadb/readFirst.sql}: every column, in (ModifiedAt, key) order) at the
     * same fetch size, each value taken as the connector takes it, nothing written. Returns rows read.
     */
    long readAll(int fetchSize) throws SQLException {
        long rows = 0;
        try (Connection c = connect()) {
            c.setReadOnly(true);
            for (SyncTable table : SyncTable.values()) {
                String columns =
                        table.columns().stream().map(col -> "`" + col + "`").collect(Collectors.joining(", "));
                String sql = "SELECT " + columns + " FROM `" + table.defaultName() + "` ORDER BY `ModifiedAt`, `"
                        + table.key() + "`";
                try (PreparedStatement p =
                        c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    p.setFetchSize(fetchSize);
                    try (ResultSet rs = p.executeQuery()) {
                        int n = table.columns().size();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                rs.getObject(i);
                            }
                            rows++;
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** How MariaDB runs the read statement of a table (EXPLAIN), one line. */
    String plan(SyncTable table) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM `" + table.defaultName()
                        + "` ORDER BY `ModifiedAt`, `" + table.key() + "`")) {
            List<String> parts = new ArrayList<>();
            while (rs.next()) {
                parts.add("type=" + rs.getString("type") + " key=" + rs.getString("key") + " extra="
                        + rs.getString("Extra"));
            }
            return String.join("; ", parts);
        }
    }

    /**
     * What the store must hold, from the source: {customers, deleted customers, orders, deleted
     * orders, sum of the amounts in cents as the store keeps them (returns negative), emails}.
     */
    long[] summary() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            long[] out = new long[6];
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(IsDeleted), COUNT(Email) FROM Customers")) {
                rs.next();
                out[0] = rs.getLong(1);
                out[1] = rs.getLong(2);
                out[5] = rs.getLong(3);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(IsDeleted),"
                    + " SUM(CASE WHEN TRIM(Kind) = 'return' THEN -ABS(ROUND(TotalAmount, 2)) ELSE ROUND(TotalAmount, 2) END * 100)"
                    + " FROM Orders")) {
                rs.next();
                out[2] = rs.getLong(1);
                out[3] = rs.getLong(2);
                out[4] = rs.getLong(3);
            }
            return out;
        }
    }

    private static String dateTime(long micros) {
        return SECONDS.format(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), 0, ZoneOffset.UTC)) + "."
                + pad(Math.floorMod(micros, 1_000_000), 6);
    }

    private static StringBuilder micros(StringBuilder line, long micros) {
        return line.append(dateTime(micros));
    }

    private static StringBuilder name(StringBuilder line, SplittableRandom random, int nullOneIn) {
        if (random.nextInt(nullOneIn) == 0) {
            return line.append("\\N");
        }
        return line.append(NAMES[random.nextInt(NAMES.length)]);
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    static void deleteQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
