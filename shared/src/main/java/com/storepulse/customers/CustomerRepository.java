package com.storepulse.customers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.storepulse.errors.SnapshotExpiredException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads customers and their scores. SQL lives beside this class in
 * {@code CustomerRepository/*.sql}; list pages are keyset pages (no OFFSET), so page 20,000
 * costs what page 1 costs.
 */
public final class CustomerRepository {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    // Located once: a look-up builds and sanitises the resource path on every call.
    private static final String PAGE_SQL = sql("page");
    private static final String PINNED_PAGE_SQL = sql("pinnedPage");
    private static final String SNAPSHOT_SOURCE_SQL = sql("snapshotSource");
    private static final String COUNT_SQL = sql("count");
    private static final String DETAIL_SQL = sql("detail");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /**
     * Parsed segments arrays by their JSON text: scores draw their tags from a short list, so a
     * page's rows repeat a few arrays. Bounded; past the bound an array is parsed each time.
     */
    private static final int MAX_SEGMENT_ARRAYS = 4096;

    private static final Map<String, List<String>> SEGMENT_ARRAYS = new ConcurrentHashMap<>();

    /**
     * The list filters: each a fixed SQL fragment used only when its value is present. The text is
     * constant, values are bound by name, so no caller input ever becomes SQL.
     */
    private enum Filter {
        ARCHETYPES("AND s.archetype_id = ANY(:archetypeIds)"),
        MIN_LTV("AND s.predicted_ltv >= :minLtv"),
        MAX_LTV("AND s.predicted_ltv <= :maxLtv"),
        MIN_CHURN("AND s.churn_risk >= :minChurnRisk"),
        MAX_CHURN("AND s.churn_risk <= :maxChurnRisk"),
        SEGMENTS("AND s.segments @> CAST(:segments AS jsonb)"),
        LAST_ORDER_AFTER("AND s.last_order_at >= :lastOrderAfter"),
        LAST_ORDER_BEFORE("AND s.last_order_at < :lastOrderBefore"),
        // Store-scoped sub-selects so each is an index-only range walk of a V22 search index; an OR
        // on the joined row could only filter the store's rows one by one (21-246 ms measured).
        // starts_with on the stored lower-cased columns, not lower(...) LIKE: under row-level
        // security only a leakproof condition may start an index scan, and starts_with (and the
        // range the planner makes of it) is leakproof, lower() and LIKE are not. The matches are
        // collected once into an array, so each is a primary-key probe of the store's scores: with
        // IN, the policies' per-probe cost led the planner to read all of the store's scores
        // instead (docs/architecture.md, "Row-level security").
        PREFIX("""
                AND s.customer_id = ANY (ARRAY(
                    SELECT customer_id FROM dim_customer
                    WHERE store_id = :storeId AND deleted_at IS NULL AND starts_with(full_name_search, :prefix)
                    UNION ALL
                    SELECT customer_id FROM dim_customer
                    WHERE store_id = :storeId AND deleted_at IS NULL AND starts_with(external_id_search, :prefix)))""");

        private final String sql;

        Filter(String sql) {
            this.sql = sql;
        }
    }

    /** PostgreSQL's undefined_table. */
    private static final String UNDEFINED_TABLE = "42P01";

    private final Jdbi jdbi;
    private final ArchetypeCatalog archetypes;

    public CustomerRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.archetypes = new ArchetypeCatalog(this::loadArchetypes);
    }

    public ArchetypeCatalog archetypes() {
        return archetypes;
    }

    /** The first page of a walk (pinned at the store's current score version). */
    public CustomerPage page(CustomerListQuery query) {
        return page(query, null);
    }

    /**
     * One page of a walk that reads score version {@code at.version()} (null: the first page, which
     * pins the store's current version); {@code next} is set only when another row follows (the
     * query fetches limit + 1).
     *
     * <p>Fast path, one statement, the same as before versions: the live rows, with the store's
     * version read in the same snapshot. Equal to the walk's version, nothing was rescored since
     * and those rows are the snapshot's. Otherwise (and on every later page of that walk) the pinned
     * statement reads the rows valid at the walk's version from the partition that was current then
     * and from the retired rows (pinnedPage.sql).
     *
     * @throws SnapshotExpiredException when the version's rows are gone
     */
    public CustomerPage page(CustomerListQuery query, ScoreSnapshot at) {
        return jdbi.withHandle(h -> {
            if (at == null || !at.retired()) {
                List<Row> rows = pageQuery(h, query, "")
                        .map((rs, ctx) -> row(rs, "store_version"))
                        .list();
                long version = rows.isEmpty()
                        ? (at == null
                                ? 0
                                : snapshotSource(h, query.storeId(), at.version())
                                        .scoreVersion())
                        : rows.get(0).stamp();
                if (at == null || version == at.version()) {
                    return page(query, rows, new ScoreSnapshot(version, false));
                }
            }
            return pinnedPage(h, query, at.version());
        });
    }

    private CustomerPage page(CustomerListQuery query, List<Row> rows, ScoreSnapshot snapshot) {
        CustomerSort sort = query.sort();
        boolean more = rows.size() > query.limit();
        List<CustomerListItem> items = new ArrayList<>(Math.min(rows.size(), query.limit()));
        for (int i = 0; i < rows.size() && i < query.limit(); i++) {
            items.add(rows.get(i).item());
        }
        KeysetPosition next = null;
        if (more) {
            Row last = rows.get(query.limit() - 1);
            next = new KeysetPosition(sort.keyOf(last.item()), last.customerId());
        }
        return new CustomerPage(List.copyOf(items), next, snapshot);
    }

    /** Where version {@code version}'s rows are (snapshotSource.sql). */
    private record Source(long scoreVersion, long partitionVersion, Long retiredPartition, boolean hasTable) {}

    private static Source snapshotSource(Handle h, long storeId, long version) {
        return h.createQuery(SNAPSHOT_SOURCE_SQL)
                .bind("storeId", storeId)
                .bind("version", version)
                .map((rs, ctx) -> {
                    long retired = rs.getLong("retired_version");
                    boolean none = rs.wasNull();
                    return new Source(
                            rs.getLong("score_version"),
                            rs.getLong("partition_version"),
                            none ? null : retired,
                            !none && rs.getBoolean("has_table"));
                })
                .one();
    }

    /**
     * A page at {@code version} once the store has moved on: from customer_score if its partition
     * was already current at that version, else from the kept former partition (none: the store
     * had none of its own), plus the retired rows. If a full rescoring swaps customer_score's
     * partition between the look-up and the page, the page is read again.
     */
    private CustomerPage pinnedPage(Handle h, CustomerListQuery query, long version) {
        long storeId = query.storeId();
        for (int attempt = 1; ; attempt++) {
            Source source = snapshotSource(h, storeId, version);
            boolean current = version >= source.partitionVersion();
            if (!current && source.retiredPartition() == null) {
                throw new SnapshotExpiredException(
                        "the scores this walk started on are no longer kept; start again from the first page");
            }
            String table = current
                    ? "customer_score"
                    : source.hasTable() ? ScoreSnapshot.keptPartition(storeId, source.retiredPartition()) : null;
            List<Row> rows;
            try {
                rows = pinnedQuery(h, query, version, table, "")
                        .map((rs, ctx) -> row(rs, "partition_version"))
                        .list();
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                    // the kept partition was dropped after the look-up (retention)
                    throw new SnapshotExpiredException(
                            "the scores this walk started on are no longer kept; start again from the first page");
                }
                throw e;
            }
            if (!current) {
                return page(query, rows, new ScoreSnapshot(version, true));
            }
            long partitionVersion = rows.isEmpty()
                    ? snapshotSource(h, storeId, version).partitionVersion()
                    : rows.get(0).stamp();
            if (partitionVersion == source.partitionVersion()) {
                return page(query, rows, new ScoreSnapshot(version, true));
            }
            if (attempt == 3) {
                throw new IllegalStateException(
                        "store " + storeId + ": the partition was swapped under three pinned reads in a row");
            }
        }
    }

    /**
     * The pinned page statement (pinnedPage.sql), bound; {@code table} is customer_score, a kept
     * partition (a name made from numbers), or null for none. {@code prefix}: as for pageQuery.
     */
    Query pinnedQuery(Handle handle, CustomerListQuery query, long version, String table, String prefix) {
        CustomerSort sort = query.sort();
        String direction = query.descending() ? "DESC" : "ASC";
        Query statement = handle.createQuery(prefix + PINNED_PAGE_SQL)
                .define("source", table == null ? "customer_score" : table)
                .define("sourceCondition", table == null ? "AND false" : "AND s.score_version <= :version")
                .define("key", sort.keyExpression())
                .define("keyset", keyset(query))
                .define("edge", edge(query))
                .define("filters", filters(query))
                .define("order", sort.keyExpression() + " " + direction + ", s.customer_id " + direction)
                .define("direction", direction)
                .bind("version", version)
                .bind("fetch", query.limit() + 1);
        bindFilters(statement, query);
        bindKeyset(statement, query);
        return statement;
    }

    /**
     * The statement a first page or an unchanged walk's page runs (page.sql), bound as
     * {@link #page} binds it: what the benchmarks time as the bare SQL of a list route.
     */
    public Query pageStatement(Handle handle, CustomerListQuery query) {
        return pageQuery(handle, query, "");
    }

    /**
     * The page statement, bound; {@code prefix} goes in front of the SQL (tests prepend
     * {@code EXPLAIN} to prove which index serves each sort).
     */
    Query pageQuery(Handle handle, CustomerListQuery query, String prefix) {
        CustomerSort sort = query.sort();
        String direction = query.descending() ? "DESC" : "ASC";
        Query statement = handle.createQuery(prefix + PAGE_SQL)
                .define("keyset", keyset(query))
                .define("filters", filters(query))
                .define("order", sort.keyExpression() + " " + direction + ", s.customer_id " + direction)
                .bind("fetch", query.limit() + 1);
        bindFilters(statement, query);
        bindKeyset(statement, query);
        return statement;
    }

    private static String keyset(CustomerListQuery query) {
        CustomerSort sort = query.sort();
        return query.after() == null
                ? ""
                : "AND (" + sort.keyExpression() + ", s.customer_id) " + (query.descending() ? "<" : ">")
                        + " (CAST(:afterKey AS " + sort.keyType() + "), :afterId)";
    }

    /**
     * The retired branch of a pinned page stops at the partition branch's last row (inclusive):
     * nothing past it can be on the page. No such row: the far end of the order (infinity and the
     * extreme id, which every key compares inside of).
     */
    private static String edge(CustomerListQuery query) {
        CustomerSort sort = query.sort();
        boolean descending = query.descending();
        return "AND (" + sort.keyExpression() + ", s.customer_id) " + (descending ? ">=" : "<=")
                + " (coalesce((SELECT e.sort_key FROM edge e), CAST('" + (descending ? "-infinity" : "infinity")
                + "' AS "
                + sort.keyType() + ")), coalesce((SELECT e.customer_id FROM edge e), "
                + (descending ? "0" : Long.MAX_VALUE + "")
                + "))";
    }

    private static void bindKeyset(SqlStatement<?> statement, CustomerListQuery query) {
        if (query.after() != null) {
            statement
                    .bind("afterKey", query.after().sortKey())
                    .bind("afterId", query.after().customerId());
        }
    }

    /** How many customers match the query's filters (its position and limit are ignored). */
    public long count(CustomerListQuery query) {
        return jdbi.withHandle(h -> {
            var statement = h.createQuery(COUNT_SQL).define("filters", filters(query));
            bindFilters(statement, query);
            return statement.mapTo(Long.class).one();
        });
    }

    /**
     * A live customer of the store, by the retailer's own id, with scores (null if unscored) and up
     * to {@code orders} latest orders: one statement (detail.sql returns a row per order).
     */
    public Optional<CustomerDetail> detail(long storeId, String externalId, int orders) {
        return jdbi.withHandle(h -> {
            CustomerDetail[] found = new CustomerDetail[1];
            List<CustomerDetail.Order> lastOrders = new ArrayList<>(orders);
            detailStatement(h, storeId, externalId, orders)
                    .map((rs, ctx) -> {
                        if (found[0] == null) {
                            found[0] = detailRow(rs);
                        }
                        String orderId = rs.getString("order_external_id");
                        if (orderId != null) {
                            lastOrders.add(new CustomerDetail.Order(
                                    orderId,
                                    instant(rs, "order_ordered_at"),
                                    rs.getString("order_kind"),
                                    rs.getBigDecimal("order_amount"),
                                    rs.getString("order_currency"),
                                    rs.getBigDecimal("order_amount_in_store_currency"),
                                    rs.getInt("order_item_count"),
                                    rs.getString("order_channel")));
                        }
                        return orderId;
                    })
                    .list();
            if (found[0] == null) {
                return Optional.empty();
            }
            CustomerDetail detail = found[0];
            return Optional.of(new CustomerDetail(
                    detail.customerId(), detail.profile(), detail.scores(), List.copyOf(lastOrders)));
        });
    }

    /** The statement {@link #detail} runs (detail.sql), bound: the bare SQL of the detail route. */
    public Query detailStatement(Handle handle, long storeId, String externalId, int orders) {
        return handle.createQuery(DETAIL_SQL)
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .bind("orders", orders);
    }

    private static String filters(CustomerListQuery q) {
        StringBuilder sql = new StringBuilder();
        for (Filter filter : Filter.values()) {
            if (applies(filter, q)) {
                sql.append('\n').append(filter.sql);
            }
        }
        return sql.toString();
    }

    private static boolean applies(Filter filter, CustomerListQuery q) {
        return switch (filter) {
            case ARCHETYPES -> !q.archetypeIds().isEmpty();
            case MIN_LTV -> q.minLtv() != null;
            case MAX_LTV -> q.maxLtv() != null;
            case MIN_CHURN -> q.minChurnRisk() != null;
            case MAX_CHURN -> q.maxChurnRisk() != null;
            case SEGMENTS -> !q.segments().isEmpty();
            case LAST_ORDER_AFTER -> q.lastOrderAfter() != null;
            case LAST_ORDER_BEFORE -> q.lastOrderBefore() != null;
            case PREFIX -> q.prefix() != null;
        };
    }

    private static void bindFilters(SqlStatement<?> statement, CustomerListQuery q) {
        statement.bind("storeId", q.storeId());
        for (Filter filter : Filter.values()) {
            if (!applies(filter, q)) {
                continue;
            }
            switch (filter) {
                case ARCHETYPES ->
                    statement.bind("archetypeIds", q.archetypeIds().toArray(Integer[]::new));
                case MIN_LTV -> statement.bind("minLtv", q.minLtv());
                case MAX_LTV -> statement.bind("maxLtv", q.maxLtv());
                case MIN_CHURN -> statement.bind("minChurnRisk", q.minChurnRisk());
                case MAX_CHURN -> statement.bind("maxChurnRisk", q.maxChurnRisk());
                case SEGMENTS -> statement.bind("segments", Json.write(q.segments()));
                case LAST_ORDER_AFTER -> statement.bind("lastOrderAfter", utc(q.lastOrderAfter()));
                case LAST_ORDER_BEFORE -> statement.bind("lastOrderBefore", utc(q.lastOrderBefore()));
                case PREFIX -> statement.bind("prefix", searchPrefix(q.prefix()));
            }
        }
    }

    /** The prefix lower-cased like the stored search columns (no wildcards: starts_with is literal). */
    static String searchPrefix(String prefix) {
        return prefix.toLowerCase(java.util.Locale.ROOT);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A list row; {@code stamp}: the version column the statement reads with it (0 when null). */
    private record Row(long customerId, CustomerListItem item, long stamp) {}

    private Row row(ResultSet rs, String stampColumn) throws SQLException {
        return new Row(
                rs.getLong("customer_id"),
                new CustomerListItem(
                        rs.getString("external_id"),
                        rs.getString("full_name"),
                        rs.getString("email"),
                        rs.getBigDecimal("predicted_ltv"),
                        rs.getDouble("churn_risk"),
                        rs.getDouble("p_alive"),
                        archetypes.byId(rs.getInt("archetype_id")).code(),
                        segments(rs.getString("segments")),
                        instant(rs, "last_order_at"),
                        rs.getInt("order_count"),
                        rs.getBigDecimal("total_spend"),
                        instant(rs, "scored_at")),
                rs.getLong(stampColumn));
    }

    private CustomerDetail detailRow(ResultSet rs) throws SQLException {
        CustomerDetail.Profile profile = new CustomerDetail.Profile(
                rs.getString("full_name"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("email"),
                trimmed(rs.getString("country")),
                instant(rs, "signed_up_at"),
                instant(rs, "first_order_at"),
                instant(rs, "last_order_at"),
                rs.getInt("order_count"),
                rs.getBigDecimal("total_spend"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
        CustomerDetail.Scores scores = null;
        rs.getLong("scored_customer_id");
        if (!rs.wasNull()) {
            BigDecimal monetary = rs.getBigDecimal("monetary_value");
            scores = new CustomerDetail.Scores(
                    rs.getBigDecimal("predicted_ltv"),
                    rs.getInt("ltv_horizon_months"),
                    rs.getDouble("churn_risk"),
                    rs.getDouble("p_alive"),
                    rs.getDouble("expected_purchases"),
                    rs.getInt("purchases_horizon_days"),
                    archetypes.byId(rs.getInt("archetype_id")),
                    new CustomerDetail.Rfm(
                            rs.getInt("r_score"),
                            rs.getInt("f_score"),
                            rs.getInt("m_score"),
                            rs.getInt("frequency"),
                            rs.getDouble("recency_days"),
                            monetary),
                    segments(rs.getString("segments")),
                    instant(rs, "scored_at"));
        }
        return new CustomerDetail(rs.getString("external_id"), profile, scores, List.of());
    }

    private static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> segments(String json) {
        List<String> known = SEGMENT_ARRAYS.get(json);
        if (known != null) {
            return known;
        }
        List<String> parsed = parseSegments(json);
        if (SEGMENT_ARRAYS.size() < MAX_SEGMENT_ARRAYS) {
            SEGMENT_ARRAYS.put(json, parsed);
        }
        return parsed;
    }

    private static List<String> parseSegments(String json) {
        try {
            return List.copyOf(Json.mapper().readValue(json, STRINGS));
        } catch (IOException e) {
            throw new UncheckedIOException("customer_score.segments is not a JSON array of strings", e);
        }
    }

    private List<Archetype> loadArchetypes() {
        return jdbi.withHandle(h -> h.createQuery(sql("archetypes"))
                .map((rs, ctx) -> new Archetype(
                        rs.getInt("archetype_id"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("description")))
                .list());
    }

    private static String sql(String name) {
        return SQL.locate(CustomerRepository.class, name);
    }
}
