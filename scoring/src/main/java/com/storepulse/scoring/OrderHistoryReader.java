package com.storepulse.scoring;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads a store's orders as one binary COPY stream and folds them, in Java, into one
 * {@link CustomerHistory} per customer with at least one order (same-day orders are one purchase
 * day, the papers' convention; returns are summed apart for discount_seeker).
 *
 * <p>Why not aggregate in SQL: grouping 3.5M orders by (customer, day), then by customer, took
 * PostgreSQL 3.5 s on a quiet 2-core machine and 16-18 s when the machine was busy (sorts
 * spilling in parallel workers), while streaming the raw rows takes ~2 s and grouping them here
 * ~0.3 s. The price is memory: about 45 bytes per order row while the read runs (~160 MB for
 * 3.5M orders), which the scoring function's memory setting accounts for (docs/scoring.md).
 */
final class OrderHistoryReader {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();
    private static final int COLUMNS = 5;
    /** PostgreSQL timestamps count microseconds from 2000-01-01T00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private OrderHistoryReader() {}

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(OrderHistoryReader.class.getPackageName() + "." + n));
    }

    /**
     * Histories up to {@code endDay} of the store's live customers, or only of {@code ids} (when
     * not null), sorted by customer id. Runs in the caller's transaction.
     */
    static List<CustomerHistory> read(Handle h, long storeId, LocalDate endDay, Collection<Long> ids) {
        if (ids != null && ids.isEmpty()) {
            return List.of();
        }
        if (ids != null && ids.size() <= QUERY_LIMIT) {
            return readListed(h, storeId, endDay, ids);
        }
        h.createQuery(sql("OrderRowsPlanSettings")).mapToMap().one();
        String copy = sql("OrderRows")
                .replace("<storeId>", Long.toString(storeId))
                .replace("<endKey>", Integer.toString(ScoringRepository.dateKey(endDay)))
                .replace("<customerFilter>", customerFilter(ids));
        OrderRows rows = new OrderRows();
        try (InputStream in = new PGCopyInputStream(h.getConnection().unwrap(PGConnection.class), copy)) {
            rows.readBinaryCopy(new CopyStreamReader(in));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the orders of store " + storeId + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the orders of store " + storeId + " failed", e);
        }
        return rows.histories();
    }

    /**
     * Up to this many listed customers, their rows come from a prepared query
     * (OrderRowsOfCustomers.sql); more, and from the COPY stream.
     */
    static final int QUERY_LIMIT = 1000;

    /** The listed customers' rows through a prepared query, folded as the COPY stream's are. */
    private static List<CustomerHistory> readListed(Handle h, long storeId, LocalDate endDay, Collection<Long> ids) {
        OrderRows rows = new OrderRows(64);
        h.createQuery(sql("OrderRowsOfCustomers"))
                .bindArray("ids", Long.class, ids)
                .bind("storeId", storeId)
                .bind("endKey", ScoringRepository.dateKey(endDay))
                .map((rs, ctx) -> {
                    OffsetDateTime orderedAt = rs.getObject("ordered_at", OffsetDateTime.class);
                    rows.add(
                            rs.getLong("customer_id"),
                            rs.getInt("date_key"),
                            rs.getBoolean("is_return"),
                            rs.getDouble("amount"),
                            pgMicros(orderedAt.toInstant()));
                    return Boolean.TRUE;
                })
                .forEach(row -> {});
        return rows.histories();
    }

    /** An instant as PostgreSQL counts timestamps (microseconds from 2000-01-01T00:00Z). */
    static long pgMicros(Instant instant) {
        return (instant.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Java longs only: COPY takes no bind parameters. */
    private static String customerFilter(Collection<Long> ids) {
        if (ids == null) {
            return "";
        }
        return ids.stream()
                .map(String::valueOf)
                .collect(Collectors.joining(",", "AND o.customer_id = ANY('{", "}'::bigint[])"));
    }

    /** The rows of one read, column by column (no object per row). */
    static final class OrderRows {
        private long[] customer;
        private int[] dateKey;
        private boolean[] isReturn;
        private double[] amount;
        private long[] orderedAtMicros;
        private int size;

        OrderRows() {
            this(1 << 16);
        }

        OrderRows(int capacity) {
            customer = new long[capacity];
            dateKey = new int[capacity];
            isReturn = new boolean[capacity];
            amount = new double[capacity];
            orderedAtMicros = new long[capacity];
        }

        void add(long customerId, int key, boolean returned, double value, long micros) {
            if (size == customer.length) {
                int grown = customer.length * 2;
                customer = Arrays.copyOf(customer, grown);
                dateKey = Arrays.copyOf(dateKey, grown);
                isReturn = Arrays.copyOf(isReturn, grown);
                amount = Arrays.copyOf(amount, grown);
                orderedAtMicros = Arrays.copyOf(orderedAtMicros, grown);
            }
            customer[size] = customerId;
            dateKey[size] = key;
            isReturn[size] = returned;
            amount[size] = value;
            orderedAtMicros[size] = micros;
            size++;
        }

        /** PostgreSQL's binary COPY format: a signature, a header, then (field count, (length, bytes)*)* and -1. */
        void readBinaryCopy(CopyStreamReader in) throws IOException {
            in.expectSignature();
            while (true) {
                int fields = in.readShort();
                if (fields == -1) {
                    return;
                }
                if (fields != COLUMNS) {
                    throw new IOException("expected " + COLUMNS + " columns in the COPY stream, got " + fields);
                }
                in.expectLength(8);
                long customerId = in.readLong();
                in.expectLength(4);
                int key = in.readInt();
                in.expectLength(1);
                boolean returned = in.readByte() != 0;
                in.expectLength(8);
                double value = in.readDouble();
                in.expectLength(8);
                long micros = in.readLong();
                add(customerId, key, returned, value, micros);
            }
        }

        /** One history per customer with an order, by customer id. */
        List<CustomerHistory> histories() {
            int n = size;
            long[] ids = Arrays.copyOf(customer, n);
            Arrays.parallelSort(ids);
            int customers = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || ids[i] != ids[i - 1]) {
                    ids[customers++] = ids[i];
                }
            }
            long[] distinct = Arrays.copyOf(ids, customers);
            // Group the rows by customer with a counting sort over the customers' ranks.
            int[] rank = new int[n];
            // In parallel only where it pays: a few customers' rows are ranked before a fork would start.
            IntStream rows = IntStream.range(0, n);
            (n >= 1 << 16 ? rows.parallel() : rows).forEach(i -> rank[i] = Arrays.binarySearch(distinct, customer[i]));
            int[] start = new int[customers + 1];
            for (int i = 0; i < n; i++) {
                start[rank[i] + 1]++;
            }
            for (int c = 0; c < customers; c++) {
                start[c + 1] += start[c];
            }
            int[] next = Arrays.copyOf(start, customers);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[next[rank[i]]++] = i;
            }
            List<CustomerHistory> out = new ArrayList<>(customers);
            for (int c = 0; c < customers; c++) {
                CustomerHistory history = fold(distinct[c], order, start[c], start[c + 1]);
                if (history != null) {
                    out.add(history);
                }
            }
            return out;
        }

        /** One customer's rows order[from..to): sorted by day, then summed per day and over days. */
        private CustomerHistory fold(long customerId, int[] order, int from, int to) {
            for (int i = from + 1; i < to; i++) { // insertion sort: a customer has a handful of rows
                int row = order[i];
                int j = i - 1;
                while (j >= from && dateKey[order[j]] > dateKey[row]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            int purchaseDays = 0;
            int firstKey = 0;
            int lastKey = 0;
            double total = 0;
            double repeat = 0;
            double returned = 0;
            long lastOrderMicros = Long.MIN_VALUE;
            int i = from;
            while (i < to) {
                int key = dateKey[order[i]];
                boolean ordered = false;
                double spend = 0;
                for (; i < to && dateKey[order[i]] == key; i++) {
                    int row = order[i];
                    if (isReturn[row]) {
                        returned -= amount[row];
                    } else {
                        ordered = true;
                        spend += amount[row];
                        lastOrderMicros = Math.max(lastOrderMicros, orderedAtMicros[row]);
                    }
                }
                if (ordered) {
                    if (purchaseDays == 0) {
                        firstKey = key;
                    } else {
                        repeat += spend;
                    }
                    purchaseDays++;
                    lastKey = key;
                    total += spend;
                }
            }
            if (purchaseDays == 0) {
                return null; // returns only: nothing to score
            }
            return new CustomerHistory(
                    customerId,
                    purchaseDays,
                    ScoringRepository.epochDay(firstKey),
                    ScoringRepository.epochDay(lastKey),
                    total,
                    repeat,
                    returned,
                    instant(lastOrderMicros));
        }

        private static Instant instant(long pgMicros) {
            return Instant.ofEpochSecond(
                    PG_EPOCH_SECONDS + Math.floorDiv(pgMicros, 1_000_000L),
                    Math.floorMod(pgMicros, 1_000_000L) * 1_000L);
        }
    }

    /** Big-endian reads from a COPY stream through one reusable buffer. */
    static final class CopyStreamReader {
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        CopyStreamReader(InputStream in) {
            this.in = in;
        }

        private void need(int bytes) throws IOException {
            if (limit - position >= bytes) {
                return;
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < bytes) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new EOFException("the COPY stream ended inside a row");
                }
                limit += read;
            }
        }

        void expectSignature() throws IOException {
            need(SIGNATURE.length + 8);
            if (!Arrays.equals(buffer, position, position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new IOException("not a binary COPY stream");
            }
            position += SIGNATURE.length;
            readInt(); // flags: no OIDs since PostgreSQL 12
            int extension = readInt();
            for (int i = 0; i < extension; i++) {
                readByte();
            }
        }

        void expectLength(int bytes) throws IOException {
            int length = readInt();
            if (length != bytes) {
                throw new IOException("expected a " + bytes + "-byte field in the COPY stream, got length " + length);
            }
        }

        byte readByte() throws IOException {
            need(1);
            return buffer[position++];
        }

        short readShort() throws IOException {
            need(2);
            short v = (short) (((buffer[position] & 0xff) << 8) | (buffer[position + 1] & 0xff));
            position += 2;
            return v;
        }

        int readInt() throws IOException {
            need(4);
            int v = ((buffer[position] & 0xff) << 24)
                    | ((buffer[position + 1] & 0xff) << 16)
                    | ((buffer[position + 2] & 0xff) << 8)
                    | (buffer[position + 3] & 0xff);
            position += 4;
            return v;
        }

        long readLong() throws IOException {
            long high = readInt() & 0xffffffffL;
            long low = readInt() & 0xffffffffL;
            return (high << 32) | low;
        }

        double readDouble() throws IOException {
            return Double.longBitsToDouble(readLong());
        }
    }
}
