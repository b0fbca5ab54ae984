package com.storepulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row-level security (V20, docs/architecture.md "Row-level security") as a package rule over every
 * repository statement of the repository: each {@code .sql} resource beside a repository in
 * {@code shared}, {@code scoring} and {@code functions/*}, found on disk, so a statement added later is
 * covered without editing this test.
 *
 * <ul>
 *   <li>Every table is either tenant-owned and protected (RLS enabled, a policy) or on the short
 *       list of tables that hold no tenant's rows ({@link #NOT_TENANT_OWNED}); a new table is
 *       neither until someone decides.</li>
 *   <li>Every statement names only such tables.</li>
 *   <li>Every statement, run as the application role with its parameters bound to tenant A's rows,
 *       with tenant B set and with no tenant set, returns nothing (no row that holds a value other
 *       than null, zero, false or one of its own parameters) and changes nothing (update count 0,
 *       or refused by a policy); each in a transaction that is rolled back. Run with tenant A set,
 *       the same statements find A's rows: {@link #MUST_FIND_A} lists those that must, so the
 *       harness cannot pass by binding nothing.</li>
 *   <li>Table by table, with B set and with none: no row visible, none updatable or deletable, and a
 *       copy of A's row cannot be inserted.</li>
 * </ul>
 */
class RowLevelSecurityTest {

    static final long TENANT_A = 91001;
    static final long TENANT_B = 91002;
    static final long STORE_A = 910010;
    /** A tenant id no row names. */
    static final long TENANT_WITHOUT_ROWS = 91009;
    /** Values only tenant A's rows hold (ids, external ids, personal data of the fixture). */
    static final Set<String> A_VALUES = Set.of(
            "91001",
            "910010",
            "9100100",
            "9100101",
            "9100102",
            "9100103",
            "9100104",
            "rls-a-1",
            "rls-a-o1",
            "Ada",
            "ada@a.example",
            "sp_rlsa",
            "rls-a-src",
            "evt-a",
            "rls-a-1 failed",
            "RLS A",
            "rls-a",
            "A main",
            "00000000-0000-0000-0000-000009100105");

    /**
     * Tables that hold no tenant's rows: operations alerting (CloudWatch alarms and app alerts, no
     * store's data), reference dimensions, the usage flush's batch ledger and Flyway's history.
     */
    static final Set<String> NOT_TENANT_OWNED = Set.of(
            "alert_batch",
            "alert_group",
            "alert_incident",
            "alert_notice",
            "alert_silence",
            "alert_state",
            "alert_webhook_pace",
            "dim_archetype",
            "dim_date",
            "usage_flush_batch",
            "flyway_schema_history");

    /** Statements that, with tenant A set and A's ids bound, must return or change A's rows. */
    static final Set<String> MUST_FIND_A = Set.of(
            "shared/com/storepulse/customers/CustomerRepository/detail.sql",
            "shared/com/storepulse/customers/CustomerRepository/page.sql",
            "shared/com/storepulse/customers/CustomerRepository/count.sql",
            "shared/com/storepulse/stores/StoreRepository/readableStores.sql",
            "shared/com/storepulse/stores/StoreRepository/customerCounts.sql",
            "shared/com/storepulse/auth/ApiKeyRepository/listByTenant.sql",
            "shared/com/storepulse/privacy/CustomerExport/profile.sql",
            "shared/com/storepulse/privacy/CustomerExport/orders.sql",
            "shared/com/storepulse/webhooks/WebhookSources/sourcesOfTenant.sql",
            "shared/com/storepulse/sync/SyncSources/sourcesOfTenant.sql");

    /**
     * Statements whose answer is not a tenant's rows, so it may come back with any tenant set or
     * none: each with why. A statement added to this list must say so here, with a reason.
     */
    static final Map<String, Set<String>> ANSWER_IS_NOT_TENANT_DATA = Map.ofEntries(
            // a sequence's next value: an id to use, not a row
            Map.entry(
                    "functions/customer-api/com/storepulse/customerapi/admin/TenantAdminRepository/nextTenantId.sql",
                    Set.of("nextval")),
            Map.entry("scoring/com/storepulse/scoring/NextModelFitId.sql", Set.of("nextval")),
            Map.entry("shared/com/storepulse/sync/SyncSources/nextSourceId.sql", Set.of("nextval")),
            Map.entry("shared/com/storepulse/webhooks/WebhookSources/nextSecretId.sql", Set.of("nextval")),
            // the session's settings for the work that follows, echoed by set_config
            Map.entry("scoring/com/storepulse/scoring/BeginScoringBatch.sql", Set.of("*")),
            Map.entry("scoring/com/storepulse/scoring/BulkSettings.sql", Set.of("*")),
            Map.entry("scoring/com/storepulse/scoring/LockStore.sql", Set.of("statement_timeout")),
            Map.entry("scoring/com/storepulse/scoring/OrderRowsPlanSettings.sql", Set.of("*")),
            Map.entry("scoring/com/storepulse/scoring/PurgeSettings.sql", Set.of("*")),
            Map.entry("shared/com/storepulse/ingest/BulkApplier/batchSettings.sql", Set.of("*")),
            Map.entry(
                    "shared/com/storepulse/privacy/CustomerErasure/lockStore.sql",
                    Set.of("statement_timeout", "lock_timeout")),
            Map.entry("shared/com/storepulse/sync/SyncLedger/batchTimeLimit.sql", Set.of("set_config")),
            // an advisory lock's release (true: this session held it), no table
            Map.entry("scoring/com/storepulse/scoring/UnlockStore.sql", Set.of("pg_advisory_unlock")),
            // the archetype dimension: reference data, the same for every tenant
            Map.entry("shared/com/storepulse/customers/CustomerRepository/archetypes.sql", Set.of("*")),
            Map.entry("shared/com/storepulse/stores/StoreRepository/archetypeBreakdown.sql", Set.of("archetype_id")));

    /**
     * Statements that call V20's owner functions (docs/architecture.md, "Row-level security"):
     * by design they answer before a tenant is known. Listed so a new caller is a decision.
     */
    static final Set<String> CALLS_OWNER_FUNCTIONS = Set.of(
            // a full rescoring's DDL, for a store of the tenant set only (V20 checks)
            "scoring/com/storepulse/scoring/AnalyzeLoadTable.sql",
            "scoring/com/storepulse/scoring/BuildLoadIndex.sql",
            "scoring/com/storepulse/scoring/CloseLoadTable.sql",
            "scoring/com/storepulse/scoring/CreateLoadTable.sql",
            "scoring/com/storepulse/scoring/DropKeptPartition.sql",
            "scoring/com/storepulse/scoring/DropLoadTable.sql",
            "scoring/com/storepulse/scoring/LoadTableIndexes.sql",
            "scoring/com/storepulse/scoring/OpenLoadTable.sql",
            "scoring/com/storepulse/scoring/SwapInLoadTable.sql",
            "scoring/com/storepulse/scoring/SwapOutPartition.sql",
            "shared/com/storepulse/auth/ApiKeyRepository/findByPrefix.sql",
            "shared/com/storepulse/db/TenantDirectory/ofApiKey.sql",
            "shared/com/storepulse/db/TenantDirectory/ofStore.sql",
            "shared/com/storepulse/db/TenantDirectory/ofSyncSource.sql",
            "shared/com/storepulse/db/TenantDirectory/ofWebhookSource.sql",
            "shared/com/storepulse/db/TenantDirectory/stores.sql",
            "shared/com/storepulse/privacy/RetentionSweep/stores.sql",
            "shared/com/storepulse/status/StatusBoard/syncSources.sql",
            "shared/com/storepulse/usage/UsageRepository/incrementAll.sql");

    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Pattern DEFINE = Pattern.compile("<([a-zA-Z]+)>");
    private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_]*");

    private static Jdbi owner;
    private static Jdbi application;
    private static Set<String> relations;
    private static Set<String> protectedTables;
    private static final Map<String, Object> A = new LinkedHashMap<>();

    @BeforeAll
    static void fixture() {
        // A database of its own: the fixture puts rows in every table (the default score partition
        // included), which other tests of this JVM's shared database must not see.
        String url = TestDatabase.createEmptyDatabase("sp_rls");
        Database ownerDatabase = TestDatabase.open(url, 2);
        Migrations.migrate(ownerDatabase.dataSource());
        owner = ownerDatabase.jdbi();
        application = TestDatabase.open(TestDatabase.asApplication(url), 2).jdbi();
        owner.useHandle(h -> {
            h.createScript(ClasspathSqlLocator.removingComments().locate(RowLevelSecurityTest.class, "fixture"))
                    .execute();
            // as a rescoring protects each partition it swaps in (V20's storepulse_score_swap_in)
            h.createQuery("SELECT storepulse_protect_score_table('customer_score_p910010_r2'::regclass)::text")
                    .mapTo(String.class)
                    .one();
        });
        relations = names("""
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')""");
        protectedTables = names("""
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)""");
        // Tenant A's ids, by the parameter names the repositories use.
        A.put("tenantId", TENANT_A);
        A.put("everyStore", true);
        A.put("storeId", STORE_A);
        A.put("storeIds", new Long[] {STORE_A});
        A.put("customerId", 9100100L);
        A.put("customerIds", new Long[] {9100100L});
        A.put("externalId", "rls-a-1");
        A.put("externalIds", new String[] {"rls-a-1"});
        A.put("apiKeyId", 9100102L);
        A.put("apiKeyIds", new Long[] {9100102L});
        A.put("prefix", "sp_rlsa");
        A.put("modelFitId", 9100101L);
        A.put("runId", 9100104L);
        A.put("erasureId", UUID.fromString("00000000-0000-0000-0000-000009100105"));
        A.put("subjectHash", hex("aa".repeat(32)));
        A.put("subjects", new byte[][] {hex("aa".repeat(32))});
        A.put("now", Instant.parse("2025-06-02T00:00:00Z"));
        A.put("orders", 10);
        A.put("fetch", 10);
        A.put("limit", 10);
        A.put("version", 1_000_000L);
        A.put("q", "%");
    }

    @Test
    void everyTableIsTenantProtectedOrHoldsNoTenantsRows() {
        Set<String> unprotected = new TreeSet<>();
        for (String relation : relations) {
            if (!protectedTables.contains(relation) && !NOT_TENANT_OWNED.contains(relation)) {
                unprotected.add(relation);
            }
        }
        assertEquals(
                Set.of(),
                unprotected,
                "tables with neither row-level security nor a place on the list of tables that hold no tenant's rows");
        assertTrue(protectedTables.containsAll(List.of("tenant", "store", "dim_customer", "customer_score")));
    }

    @Test
    void everyRepositoryStatementNamesOnlyProtectedOrTenantFreeTables() {
        Map<String, Set<String>> offending = new TreeMap<>();
        for (Map.Entry<String, String> file : statements().entrySet()) {
            for (String table : tablesOf(file.getValue())) {
                if (!protectedTables.contains(table) && !NOT_TENANT_OWNED.contains(table)) {
                    offending
                            .computeIfAbsent(file.getKey(), k -> new TreeSet<>())
                            .add(table);
                }
            }
        }
        assertEquals(Map.of(), offending);
    }

    @Test
    void everyRepositoryStatementGetsNothingWithAnotherTenantOrNone() {
        Map<String, String> statements = statements();
        assertTrue(statements.size() > 150, "found only " + statements.size() + " statements");
        List<String> leaks = new ArrayList<>();
        Set<String> foundA = new TreeSet<>();
        int ran = 0;
        Set<String> callers = new TreeSet<>();
        for (Map.Entry<String, String> file : statements.entrySet()) {
            if (file.getValue().contains("storepulse_") && !file.getValue().contains("storepulse_protect_")) {
                callers.add(file.getKey());
            }
        }
        assertEquals(CALLS_OWNER_FUNCTIONS, callers, "statements that call the owner's functions of V20");
        for (Map.Entry<String, String> file : statements.entrySet()) {
            if (callers.contains(file.getKey())) {
                continue;
            }
            Set<String> ignored = ANSWER_IS_NOT_TENANT_DATA.getOrDefault(file.getKey(), Set.of());
            if (ignored.contains("*")) {
                continue;
            }
            Outcome asA = run(file.getValue(), TENANT_A, ignored, null);
            if (asA.found()) {
                foundA.add(file.getKey());
            }
            // With no tenant, and with a tenant that owns nothing: nothing at all. With tenant B (who
            // has rows of its own, which a statement without A's ids rightly finds): nothing of A's.
            for (Long tenant : Arrays.asList(null, TENANT_WITHOUT_ROWS, TENANT_B)) {
                Outcome other = run(
                        file.getValue(), tenant, ignored, Long.valueOf(TENANT_B).equals(tenant) ? A_VALUES : null);
                if (other.found()) {
                    leaks.add(file.getKey() + " with " + (tenant == null ? "no tenant" : "tenant " + tenant) + ": "
                            + other.what());
                }
            }
            if (asA.error() == null) {
                ran++;
            }
        }
        System.out.println("row-level security: " + statements.size() + " statements, " + ran + " ran as tenant A, "
                + foundA.size() + " found A's rows");
        assertEquals(List.of(), leaks);
        Set<String> missing = new TreeSet<>(MUST_FIND_A);
        missing.removeAll(foundA);
        assertEquals(Set.of(), missing, "statements that found nothing of tenant A's even with A set");
    }

    @Test
    void tableByTableAnotherTenantOrNoneSeesAndChangesNothing() {
        for (String table : protectedTables) {
            if ((table.startsWith("customer_score_p") && !table.matches("customer_score_p[0-9]+_r[0-9]+"))
                    || table.equals("customer_score_default")) {
                continue; // a store's partition: checked through customer_score (a kept one by its name)
            }
            if (table.equals("audit_log")) {
                // Append-only for the application: it cannot read the log at all, whoever is set.
                SQLException refused = refusal(() -> asTenant(
                        TENANT_A,
                        h -> h.createQuery("SELECT count(*) FROM audit_log")
                                .mapTo(Long.class)
                                .one()));
                assertEquals("42501", refused.getSQLState(), String.valueOf(refused));
                continue;
            }
            long ofA = owner.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                    .mapTo(Long.class)
                    .one());
            assertTrue(ofA > 0, table + " has no fixture row: the checks below would prove nothing");
            for (Long tenant : Arrays.asList(TENANT_B, null)) {
                String who = table + " with " + (tenant == null ? "no tenant" : "tenant B");
                long visible = asTenant(
                        tenant,
                        h -> h.createQuery("SELECT count(*) FROM " + table + " t WHERE " + ofTenantA(table))
                                .mapTo(Long.class)
                                .one());
                assertEquals(0, visible, who);
                String column = firstColumn(table);
                int updated = asTenant(
                        tenant,
                        h -> h.createUpdate("UPDATE " + table + " t SET " + column + " = " + column + " WHERE "
                                        + ofTenantA(table))
                                .execute());
                assertEquals(0, updated, who + ": update");
                int deleted = asTenant(
                        tenant,
                        h -> h.createUpdate("DELETE FROM " + table + " t WHERE " + ofTenantA(table))
                                .execute());
                assertEquals(0, deleted, who + ": delete");
            }
        }
        // A's row copied in as B (or as nobody) is refused by the policy's check.
        for (Long tenant : Arrays.asList(TENANT_B, null)) {
            SQLException refused = refusal(() -> asTenant(
                    tenant,
                    h -> h.createUpdate(
                                    "INSERT INTO store (tenant_id, name, currency, timezone) VALUES (:t, 'x', 'USD', 'UTC')")
                            .bind("t", TENANT_A)
                            .execute()));
            assertEquals("42501", refused.getSQLState(), String.valueOf(refused));
        }
    }

    @Test
    void lookupsBeforeTheTenantIsKnownGoThroughTheOwnersFunctionsOnly() {
        assertEquals(TENANT_A, (long) asTenant(
                null,
                h -> h.createQuery("SELECT tenant_id FROM storepulse_api_key_by_prefix('sp_rlsa')")
                        .mapTo(Long.class)
                        .one()));
        assertEquals(0L, (long) asTenant(
                null,
                h -> h.createQuery("SELECT count(*) FROM api_key WHERE prefix = 'sp_rlsa'")
                        .mapTo(Long.class)
                        .one()));
        boolean bypass = application.withHandle(
                h -> h.createQuery("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                        .mapTo(Boolean.class)
                        .one());
        assertEquals(false, bypass, "the application role must neither be a superuser nor bypass RLS");
    }

    private record Outcome(boolean found, String what, String error) {}

    /** One statement as {@code tenant} (null: none), in a transaction that is rolled back. */
    /**
     * @param ignored columns whose values are not tenant data
     * @param only    when not null, only these values count as found
     */
    private static Outcome run(String sql, Long tenant, Set<String> ignored, Set<String> only) {
        return asTenant(tenant, h -> {
            Connection c = h.getConnection();
            try {
                c.setAutoCommit(false);
                try (Statement setup = c.createStatement()) {
                    setup.execute("SET LOCAL lock_timeout = '2s'");
                }
                try {
                    return execute(c, sql, ignored, only);
                } catch (SQLException e) {
                    // Refused (a policy's check, no privilege) or not runnable here: nothing came back.
                    return new Outcome(false, null, e.getSQLState());
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Outcome execute(Connection c, String template, Set<String> ignored, Set<String> only)
            throws SQLException {
        String sql = template;
        for (Map.Entry<String, String> define : defines(template).entrySet()) {
            sql = sql.replace("<" + define.getKey() + ">", define.getValue());
        }
        List<String> names = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        Matcher m = PARAMETER.matcher(sql);
        int at = 0;
        while (m.find()) {
            if (insideQuotes(sql, m.start())) {
                continue;
            }
            jdbc.append(sql, at, m.start()).append('?');
            names.add(m.group(1));
            at = m.end();
        }
        jdbc.append(sql.substring(at));
        Set<String> echoes = new HashSet<>();
        try (PreparedStatement statement = c.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < names.size(); i++) {
                Object value = A.get(names.get(i));
                bind(c, statement, i + 1, value);
                if (value instanceof Object[] values) {
                    for (Object element : values) {
                        echoes.add(
                                element instanceof byte[] bytes
                                        ? HexFormat.of().formatHex(bytes)
                                        : String.valueOf(element));
                    }
                } else if (value != null) {
                    echoes.add(String.valueOf(value));
                }
            }
            boolean isQuery = statement.execute();
            StringBuilder what = new StringBuilder();
            boolean found = false;
            if (isQuery) {
                try (ResultSet rs = statement.getResultSet()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            String label = rs.getMetaData().getColumnLabel(i);
                            if (!ignored.contains(label)
                                    && isData(value, echoes)
                                    && (only == null || only.stream().anyMatch(String.valueOf(value)::contains))) {
                                found = true;
                                what.append(rs.getMetaData().getColumnLabel(i))
                                        .append('=')
                                        .append(value)
                                        .append(' ');
                            }
                        }
                    }
                }
            } else if (statement.getUpdateCount() > 0) {
                found = true;
                what.append("changed ").append(statement.getUpdateCount()).append(" rows");
            }
            return new Outcome(found, what.toString(), null);
        }
    }

    private static void bind(Connection c, PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.OTHER);
            case Long[] ids -> statement.setArray(index, c.createArrayOf("bigint", ids));
            case String[] texts -> statement.setArray(index, c.createArrayOf("text", texts));
            case byte[][] hashes -> statement.setArray(index, c.createArrayOf("bytea", hashes));
            case byte[] bytes -> statement.setBytes(index, bytes);
            case Instant instant -> statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
            default -> statement.setObject(index, value);
        }
    }

    private static boolean insideQuotes(String sql, int position) {
        int quotes = 0;
        for (int i = 0; i < position; i++) {
            if (sql.charAt(i) == '\'') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    private static boolean isData(Object value, Set<String> echoes) {
        if (value == null || Boolean.FALSE.equals(value) || echoes.contains(String.valueOf(value))) {
            return false;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).signum() != 0;
        }
        if (value instanceof java.sql.Array array) {
            try {
                return ((Object[]) array.getArray()).length > 0;
            } catch (SQLException e) {
                return true;
            }
        }
        return !value.toString().isEmpty();
    }

    /** Neutral values for the statements' template parts (no filter, a plain order). */
    private static Map<String, String> defines(String sql) {
        Map<String, String> defined = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(sql);
        while (m.find()) {
            String name = m.group(1);
            defined.put(
                    name,
                    switch (name) {
                        case "order", "key" -> "s.customer_id";
                        case "direction" -> "ASC";
                        case "source" -> "customer_score";
                        case "sourceCondition" -> "AND false";
                        case "storeId" -> Long.toString(STORE_A);
                        case "load", "partition", "kept", "table" -> "customer_score_p" + STORE_A;
                        default -> "";
                    });
        }
        return defined;
    }

    private static <T> T asTenant(Long tenant, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        if (tenant == null) {
            TenantScope.clear();
            return application.withHandle(work);
        }
        return TenantScope.call(tenant, () -> application.withHandle(work));
    }

    private static Set<String> names(String sql) {
        List<String> names =
                owner.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
        return new TreeSet<>(names);
    }

    /** The rows of tenant A in {@code table}, by its tenant, store, key, source or run column. */
    private static String ofTenantA(String table) {
        Set<String> columns = names(
                "SELECT attname FROM pg_attribute WHERE attrelid = CAST('" + table + "' AS regclass) AND attnum > 0");
        if (columns.contains("tenant_id")) {
            return "t.tenant_id = " + TENANT_A;
        }
        if (columns.contains("store_id")) {
            return "t.store_id = " + STORE_A;
        }
        if (columns.contains("api_key_id")) {
            return "t.api_key_id = 9100102";
        }
        if (columns.contains("sync_source_id")) {
            return "t.sync_source_id = 9100103";
        }
        if (columns.contains("sync_run_id")) {
            return "t.sync_run_id = 9100104";
        }
        if (columns.contains("source_id")) {
            return "t.source_id = 'rls-a-src'";
        }
        throw new AssertionError("no tenant column in " + table);
    }

    private static String firstColumn(String table) {
        return owner.withHandle(h -> h.createQuery(
                        "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass)"
                                + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity <> 'a' ORDER BY attnum LIMIT 1")
                .bind("t", table)
                .mapTo(String.class)
                .one());
    }

    private static SQLException refusal(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            SQLException cause = sqlCause(e);
            if (cause != null) {
                return cause;
            }
            throw e;
        }
        return fail("not refused");
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Every table name {@code sql} mentions (a word that is a relation of the schema). */
    private static Set<String> tablesOf(String sql) {
        Set<String> tables = new TreeSet<>();
        Matcher m = WORD.matcher(sql.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (relations.contains(m.group())) {
                tables.add(m.group());
            }
        }
        return tables;
    }

    /**
     * Every repository statement: the {@code .sql} resources of shared, scoring and the functions,
     * keyed by module and resource path, comments removed. Not the migrations (the owner's), not
     * the statements the sync runs against a retailer's own database (SourceReader), not the local
     * stack's demo-data loader or the benchmarks (operator tools that run as the owner).
     */
    static Map<String, String> statements() {
        Path root = repositoryRoot();
        Map<String, String> statements = new TreeMap<>();
        List<Path> modules = new ArrayList<>(List.of(root.resolve("shared"), root.resolve("scoring")));
        try (Stream<Path> functions = Files.list(root.resolve("functions"))) {
            functions.filter(Files::isDirectory).forEach(modules::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path module : modules) {
            Path resources = module.resolve("src/main/resources");
            if (!Files.isDirectory(resources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(resources)) {
                files.filter(p -> p.toString().endsWith(".sql"))
                        .filter(p -> !p.toString().contains("/db/migration/"))
                        .filter(p -> !p.toString().contains("/SourceReader/"))
                        .forEach(p -> statements.put(
                                root.relativize(module) + "/" + resources.relativize(p), withoutComments(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return statements;
    }

    private static String withoutComments(Path file) {
        try {
            StringBuilder sql = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                int comment = line.indexOf("--");
                sql.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
            }
            return sql.toString().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isDirectory(dir.resolve("schema")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "not inside the repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
