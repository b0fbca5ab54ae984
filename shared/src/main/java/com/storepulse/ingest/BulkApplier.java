package com.storepulse.ingest;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.Query;

/**
 * Applies a batch of source rows to the star schema in bulk, beside {@link ChangeApplier}'s one
 * change at a time: the rows are COPYed into a session staging table ({@link StagingCopy}), checked,
 * and written with one upsert. The source is the authority: a staged row replaces what the star
 * schema holds whenever they differ, so applying the same batch twice writes nothing the second
 * time. Runs in the caller's transaction, which records its own progress (a sync cursor) in the
 * same commit. SQL beside it in {@code BulkApplier/*.sql}.
 */
public final class BulkApplier {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    /**
     * Starts staging customers; write each row's fields in this order: external id, email, first
     * name, last name, signed up at, source modified at, deleted.
     */
    public StagingCopy stageCustomers(Handle handle) {
        batchSettings(handle);
        handle.createScript(sql("createStaging")).execute();
        return StagingCopy.open(handle, sql("copyCustomers"));
    }

    /**
     * Starts staging orders; write each row's fields in this order: external id, customer external
     * id, ordered at, amount, currency, kind ({@code order}/{@code return}), source modified at,
     * deleted.
     */
    public StagingCopy stageOrders(Handle handle) {
        batchSettings(handle);
        handle.createScript(sql("createStaging")).execute();
        return StagingCopy.open(handle, sql("copyOrders"));
    }

    /**
     * Ends the staged customers' COPY and applies them. Throws {@link ValidationException} naming
     * the first row the star schema cannot hold (field {@code customers[<id>]}).
     */
    public BulkApplied applyCustomers(Handle handle, long storeId, StagingCopy staged) {
        staged.finish();
        rejectInvalid(handle.createQuery(sql("invalidCustomer")), "customers");
        Map<Long, String> changed = new HashMap<>();
        long[] counts = new long[2];
        handle.createQuery(sql("upsertCustomers"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> {
                    changed.put(rs.getLong("customer_id"), rs.getString("external_id"));
                    counts[0]++;
                    counts[1] += rs.getBoolean("deleted") ? 1 : 0;
                    return null;
                })
                .forEach(ignored -> {});
        return new BulkApplied(counts[0], counts[1], changed);
    }

    /**
     * Ends the staged orders' COPY and applies them, then refreshes the totals of every customer
     * whose orders changed. Throws {@link ValidationException} naming the first row the star schema
     * cannot hold (field {@code orders[<id>]}): another currency than the store's, an unknown kind,
     * a date outside the calendar, a negative order.
     */
    public BulkApplied applyOrders(Handle handle, long storeId, StagingCopy staged) {
        staged.finish();
        rejectInvalid(handle.createQuery(sql("invalidOrder")).bind("storeId", storeId), "orders");
        handle.createUpdate(sql("insertPlaceholderCustomers"))
                .bind("storeId", storeId)
                .execute();
        handle.createQuery(sql("lockOrderCustomers"))
                .bind("storeId", storeId)
                .mapTo(Long.class)
                .forEach(ignored -> {});
        Map<Long, String> changed = new HashMap<>();
        Set<Long> recount = new HashSet<>();
        Map<Long, NewOrders> added = new HashMap<>();
        long[] counts = new long[2];
        handle.createQuery(sql("upsertOrders"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> {
                    long customerId = rs.getLong("customer_id");
                    boolean deleted = rs.getBoolean("deleted");
                    changed.put(customerId, rs.getString("external_id"));
                    long previous = rs.getLong("previous_customer_id");
                    if (!rs.wasNull()) {
                        changed.put(previous, rs.getString("previous_external_id"));
                        recount.add(previous);
                    }
                    BigDecimal amount = rs.getBigDecimal("store_amount");
                    if (rs.getBoolean("inserted") && amount.stripTrailingZeros().scale() <= 2) {
                        if (!deleted) {
                            added.computeIfAbsent(customerId, id -> new NewOrders())
                                    .add(
                                            rs.getString("kind"),
                                            amount,
                                            rs.getObject("ordered_at", OffsetDateTime.class));
                        }
                    } else {
                        recount.add(customerId);
                    }
                    counts[0]++;
                    counts[1] += deleted ? 1 : 0;
                    return null;
                })
                .forEach(ignored -> {});
        added.keySet().removeAll(recount);
        addTotals(handle, added);
        refreshTotals(handle, recount);
        return new BulkApplied(counts[0], counts[1], changed);
    }

    /** Soft-deletes the store's live customers among {@code externalIds} (gone from the source). */
    public BulkApplied markCustomersGone(Handle handle, long storeId, List<String> externalIds, Instant at) {
        Map<Long, String> changed = new HashMap<>();
        handle.createQuery(sql("markCustomersGone"))
                .bind("storeId", storeId)
                .bind("externalIds", externalIds.toArray(String[]::new))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> changed.put(rs.getLong("customer_id"), rs.getString("external_id")))
                .forEach(ignored -> {});
        return new BulkApplied(changed.size(), changed.size(), changed);
    }

    /** Soft-deletes the store's live orders among {@code externalIds} and refreshes their customers' totals. */
    public BulkApplied markOrdersGone(Handle handle, long storeId, List<String> externalIds, Instant at) {
        Map<Long, String> changed = new HashMap<>();
        long[] gone = new long[1];
        handle.createQuery(sql("markOrdersGone"))
                .bind("storeId", storeId)
                .bind("externalIds", externalIds.toArray(String[]::new))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> {
                    gone[0]++;
                    return changed.put(rs.getLong("customer_id"), rs.getString("external_id"));
                })
                .forEach(ignored -> {});
        refreshTotals(handle, changed);
        return new BulkApplied(gone[0], gone[0], changed);
    }

    /** Which kind of row {@link #liveKeys} walks. */
    public enum Rows {
        CUSTOMERS("dim_customer"),
        ORDERS("fact_order");

        private final String table;

        Rows(String table) {
            this.table = table;
        }
    }

    /** Up to {@code limit} of the store's live ids after {@code after} ({@code ""} for the first), in id order. */
    public List<String> liveKeys(Handle handle, long storeId, Rows rows, String after, int limit) {
        return handle.createQuery(sql("liveKeys").replace("<table>", rows.table))
                .bind("storeId", storeId)
                .bind("after", after)
                .bind("limit", limit)
                .mapTo(String.class)
                .list();
    }

    /** The batch transaction's own settings (batchSettings.sql). */
    private static void batchSettings(Handle handle) {
        handle.createQuery(sql("batchSettings")).mapToMap().one();
    }

    private static void refreshTotals(Handle handle, Map<Long, String> customers) {
        refreshTotals(handle, customers.keySet());
    }

    /** Recounts the customers' totals from all their live orders. */
    private static void refreshTotals(Handle handle, Set<Long> customers) {
        if (customers.isEmpty()) {
            return;
        }
        handle.createUpdate(SQL.locate(ChangeApplier.class, "refreshCustomerTotals"))
                .bind(
                        "customerIds",
                        customers.stream().mapToLong(Long::longValue).sorted().toArray())
                .execute();
    }

    /**
     * Adds new orders to their customers' totals (addCustomerTotals.sql): for customers whose
     * orders in the batch were all inserted, the same figures a recount gives, without reading the
     * orders they had.
     */
    private static void addTotals(Handle handle, Map<Long, NewOrders> customers) {
        if (customers.isEmpty()) {
            return;
        }
        long[] ids =
                customers.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        int[] orders = new int[ids.length];
        // As text, cast in the statement: exact decimals and instants, whatever array types the driver knows.
        String[] spend = new String[ids.length];
        String[] firstAt = new String[ids.length];
        String[] lastAt = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            NewOrders n = customers.get(ids[i]);
            orders[i] = n.orders;
            spend[i] = n.spend.toPlainString();
            firstAt[i] = n.firstAt == null ? null : n.firstAt.toString();
            lastAt[i] = n.lastAt == null ? null : n.lastAt.toString();
        }
        handle.createUpdate(sql("addCustomerTotals"))
                .bind("customerIds", ids)
                .bind("orders", orders)
                .bind("spend", spend)
                .bind("firstAt", firstAt)
                .bind("lastAt", lastAt)
                .execute();
    }

    /** One customer's live orders inserted by a batch, summed as refreshCustomerTotals sums them. */
    private static final class NewOrders {
        private int orders;
        private BigDecimal spend = BigDecimal.ZERO;
        private OffsetDateTime firstAt;
        private OffsetDateTime lastAt;

        void add(String kind, BigDecimal amount, OffsetDateTime orderedAt) {
            spend = spend.add(amount);
            if ("order".equals(kind)) {
                orders++;
                firstAt = firstAt == null || orderedAt.isBefore(firstAt) ? orderedAt : firstAt;
                lastAt = lastAt == null || orderedAt.isAfter(lastAt) ? orderedAt : lastAt;
            }
        }
    }

    private static void rejectInvalid(Query check, String field) {
        Optional<FieldError> problem = check.map((rs, ctx) ->
                        new FieldError(field + "[" + rs.getString("external_id") + "]", rs.getString("problem")))
                .findFirst();
        if (problem.isPresent()) {
            throw ValidationException.of(problem.get().field(), problem.get().message());
        }
    }

    private static String sql(String name) {
        return SQL.locate(BulkApplier.class, name);
    }
}
