package com.storepulse.bench.sync;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.ingest.AfterApply;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.sync.SourceConnections;
import com.storepulse.sync.SourceSync;
import com.storepulse.sync.SyncDeadline;
import com.storepulse.sync.SyncMode;
import com.storepulse.sync.SyncOutcome;
import com.storepulse.sync.SyncSources;
import com.storepulse.sync.SyncTable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The sync benchmark of issue 12 (bench/README.md, "Sync"): 1,000,000 customers and 10,000,000
 * orders (times {@code --scale}) generated from a seed into MariaDB, then in one run on the same
 * data:
 *
 * <ol>
 *   <li>the floor of the read side: both tables streamed through the sync's read statement, nothing
 *       written;
 *   <li>pgloader (the Debian package), MariaDB into a PostgreSQL database of its own, timed as a
 *       process (skipped with a message when it is not installed);
 *   <li>our FULL sync ({@link SourceSync}, a registered source of a new store) into a fresh
 *       migrated database: rows/s and the ratio to pgloader, then a check against the source;
 *   <li>the store scored whole (setup for what follows, timed apart);
 *   <li>1% of each table changed at the source and an INCREMENTAL run without rescoring; another 1%
 *       and a run whose {@link AfterApply} is production's ({@code
 *       StoreScoringService.rescoreCustomers(storeId, customers, now)}): seconds, rescoring apart.
 * </ol>
 *
 * <pre>
 *   java -cp $CP com.storepulse.bench.sync.SyncBench [--scale 1] [--seed 20261207] [--batch 10000]
 *       [--reuse-source] [--no-pgloader] [--phase all|source|pgloader|full|continue|incremental]
 *       [--deadline SECONDS]
 * </pre>
 *
 * At full scale the phases run as separate processes (each benchmark call on the shared machine
 * must end within 600 s): {@code full} and {@code continue} give each run a deadline (default 500 s)
 * as the function gives a run Lambda's remaining time; a FULL sync it cuts is continued by the next
 * {@code continue}, and its rows/s are taken over the runs' summed durations (the ledger's).
 *
 * {@code DATABASE_URL} names the PostgreSQL server (default {@code postgres://root@127.0.0.1:5432/test};
 * the databases {@code syncbench} and {@code syncbench_pgloader} are dropped and recreated on it),
 * {@code MARIADB_URL} the MariaDB server (default {@code jdbc:mariadb://127.0.0.1:3306/?user=root};
 * database {@code syncbench}, recreated unless {@code --reuse-source} finds the same seed and size).
 * Figures on stderr.
 */
public final class SyncBench {

    static final PrintStream OUT = System.err;

    private static final long CUSTOMERS = 1_000_000;
    private static final long ORDERS = 10_000_000;

    /** The phases, in order; {@code all} runs them in one process (a quick run with {@code --scale}). */
    enum Phase {
        ALL,
        SOURCE,
        PGLOADER,
        FULL,
        CONTINUE,
        INCREMENTAL
    }

    public static void main(String[] args) throws Exception {
        double scale = 1.0;
        long seed = 20261207L;
        int batch = SourceSync.DEFAULT_BATCH_ROWS;
        boolean reuse = false;
        boolean pgloader = true;
        Phase phase = Phase.ALL;
        long deadlineSeconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--reuse-source" -> reuse = true;
                case "--no-pgloader" -> pgloader = false;
                case "--phase" -> phase = Phase.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--deadline" -> deadlineSeconds = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (--scale F, --seed N, --batch N, --reuse-source, --no-pgloader,"
                            + " --phase all|source|pgloader|full|continue|incremental, --deadline SECONDS)");
            }
        }
        if (deadlineSeconds == 0 && (phase == Phase.FULL || phase == Phase.CONTINUE)) {
            deadlineSeconds = 500;
        }
        String pgServer = System.getenv().getOrDefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/test");
        String mariaServer = System.getenv().getOrDefault("MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root");
        SourceData data = new SourceData(
                mariaServer, "syncbench", seed, (int) Math.round(CUSTOMERS * scale), (int) Math.round(ORDERS * scale));
        DatabaseSettings server = DatabaseSettings.parse(pgServer, 1, Duration.ofSeconds(10), Duration.ofHours(1));
        SyncBench bench = new SyncBench(server, data, batch, deadlineSeconds);
        long wall = System.nanoTime();
        OUT.printf(
                "sync bench %s, phase %s; %d cores; Java %s; load %s%n",
                Instant.now(),
                phase.name().toLowerCase(java.util.Locale.ROOT),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                load());
        OUT.printf("  PostgreSQL: %s%n", postgresSettings(server));
        OUT.printf("  MariaDB: %s%n", mariaSettings(data));
        if (phase == Phase.ALL || phase == Phase.SOURCE) {
            bench.source(reuse);
        }
        if (phase == Phase.ALL || phase == Phase.PGLOADER) {
            bench.readFloorAndPgloader(pgloader);
        }
        if (phase == Phase.ALL || phase == Phase.FULL) {
            bench.full();
        }
        if (phase == Phase.CONTINUE) {
            bench.continueFull();
        }
        if (phase == Phase.ALL || phase == Phase.INCREMENTAL) {
            bench.incremental();
        }
        OUT.printf("done in %.1f s wall; load %s%n", seconds(wall), load());
        System.exit(0);
    }

    private final DatabaseSettings server;
    private final SourceData data;
    private final int batch;
    /** Each run's deadline in seconds (0: none); a FULL sync cut by it is continued by {@code --phase continue}. */
    private final long deadlineSeconds;

    private SyncBench(DatabaseSettings server, SourceData data, int batch, long deadlineSeconds) {
        this.server = server;
        this.data = data;
        this.batch = batch;
        this.deadlineSeconds = deadlineSeconds;
    }

    private void source(boolean reuse) throws Exception {
        OUT.println("1. source (MariaDB database syncbench)");
        if (reuse && data.matches()) {
            OUT.printf("  reused: seed and size match (%,d customers, %,d orders)%n", data.customers(), data.orders());
        } else {
            Path folder = Files.createTempDirectory("syncbench");
            try {
                data.generate(folder);
            } finally {
                SourceData.deleteQuietly(folder);
            }
        }
        for (SyncTable table : SyncTable.values()) {
            OUT.printf("  read plan of %s: %s%n", table.defaultName(), data.plan(table));
        }
    }

    private void readFloorAndPgloader(boolean withPgloader) throws Exception {
        OUT.println("2. floor: the source read alone (the sync's read statement, every value taken, nothing written)");
        long t0 = System.nanoTime();
        long read = data.readAll(Math.min(batch, 5_000));
        double readSeconds = seconds(t0);
        OUT.printf("  %,d rows in %.1f s = %,.0f rows/s%n", read, readSeconds, read / readSeconds);

        OUT.println("3. pgloader, MariaDB to PostgreSQL database syncbench_pgloader");
        if (!withPgloader) {
            OUT.println("  skipped (--no-pgloader)");
            return;
        }
        String target = recreate(server, "syncbench_pgloader");
        Pgloader.Result peer = new Pgloader(server, data).run(target);
        if (peer != null) {
            // Kept beside pgloader's tables for the ratio printed when our full sync completes.
            try (Connection c = DriverManager.getConnection(target);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_result (rows bigint, seconds double precision)");
                s.execute("INSERT INTO bench_result VALUES (" + peer.rows() + ", " + peer.seconds() + ")");
            }
        }
    }

    /** Our FULL sync of a newly registered source of a new store, on a freshly migrated database. */
    private void full() throws Exception {
        OUT.println("4. our FULL sync of a new store (database syncbench)");
        String url = recreate(server, "syncbench");
        try (Database database = open(url)) {
            Migrations.migrate(database.dataSource());
            Jdbi jdbi = database.jdbi();
            long[] ids = tenantAndStore(jdbi);
            long sourceId = sources(jdbi)
                    .register(ids[0], ids[1], data.registeredUrl(), "root", null, Map.of(), null)
                    .id();
            syncUntilDone(jdbi, sourceId, SyncMode.FULL);
        }
    }

    /** Continues a FULL sync that its deadline cut (the next runs are INCREMENTAL, as the function queues them). */
    private void continueFull() throws Exception {
        OUT.println("4. our FULL sync, continued (database syncbench)");
        try (Database database = open(withDatabase(server, "syncbench"))) {
            Jdbi jdbi = database.jdbi();
            syncUntilDone(jdbi, bench(jdbi)[2], SyncMode.INCREMENTAL);
        }
    }

    /**
     * Runs the source in {@code mode} with the deadline; when it completes, the full sync's figures
     * over every run so far (rows read over the runs' summed durations, from the ledger), the check
     * against the source, the ratio to pgloader and the write side's floor.
     */
    private void syncUntilDone(Jdbi jdbi, long sourceId, SyncMode mode) throws Exception {
        Handoff handoff = new Handoff(null);
        SourceSync sync = new SourceSync(
                jdbi, sources(jdbi), SourceConnections.DRIVER_MANAGER, handoff, Clock.systemUTC(), batch);
        long deadline = deadlineSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + deadlineSeconds * 1_000_000_000L;
        SyncDeadline limit =
                deadlineSeconds == 0 ? SyncDeadline.NONE : () -> (deadline - System.nanoTime()) / 1_000_000;
        String loadBefore = load();
        long t0 = System.nanoTime();
        SyncOutcome outcome = sync.run(sourceId, mode, limit);
        double seconds = seconds(t0);
        if (outcome.status() != SyncOutcome.Status.COMPLETED
                && outcome.status() != SyncOutcome.Status.STOPPED_FOR_TIME) {
            check(outcome);
        }
        OUT.printf(
                "  run %s %s: %s in %.1f s = %,.0f rows/s (load %s before, %s after); %,d customers handed on to AfterApply (not rescored here)%n",
                mode.name().toLowerCase(java.util.Locale.ROOT),
                outcome.status().name().toLowerCase(java.util.Locale.ROOT),
                describe(outcome),
                seconds,
                outcome.rowsRead() / seconds,
                loadBefore,
                load(),
                handoff.customers.get());
        if (outcome.status() == SyncOutcome.Status.STOPPED_FOR_TIME) {
            OUT.println("  stopped by its deadline (--deadline " + deadlineSeconds
                    + " s): continue with --phase continue, as the function queues its continuation");
            return;
        }
        long[] ids = bench(jdbi);
        double[] runs = jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*), COALESCE(sum(EXTRACT(EPOCH FROM (finished_at - started_at))), 0),
                               (SELECT COALESCE(sum(t.rows_read), 0) FROM sync_run_table t
                                JOIN sync_run r2 ON r2.sync_run_id = t.sync_run_id WHERE r2.sync_source_id = :s)
                        FROM sync_run WHERE sync_source_id = :s""")
                .bind("s", ids[2])
                .map((rs, ctx) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)})
                .one());
        long rows = (long) data.customers() + data.orders();
        double rate = runs[2] / runs[1];
        OUT.printf(
                "  FULL sync over %d run(s): %,.0f rows in %.1f s (the runs' summed durations) = %,.0f rows/s%n",
                (int) runs[0], runs[2], runs[1], rate);
        if ((long) runs[2] != rows) {
            throw new IllegalStateException("the full sync read " + (long) runs[2] + " rows, the source has " + rows);
        }
        verify(jdbi, ids[1], data.summary());
        double[] peer = pgloaderResult();
        if (peer != null) {
            OUT.printf(
                    "  ratio ours / pgloader (rows/s): %.2f (ours %,.0f, pgloader %,.0f rows/s: %,.0f rows in %.1f s)%n",
                    rate / (peer[0] / peer[1]), rate, peer[0] / peer[1], peer[0], peer[1]);
        } else {
            OUT.println("  no pgloader figure for this data (phase pgloader not run, or pgloader absent): no ratio");
        }
        insertFloor(jdbi, ids[0], ids[1]);
    }

    /** pgloader's {rows, seconds} from its phase, when it loaded this many rows; null otherwise. */
    private double[] pgloaderResult() {
        try (Connection c = DriverManager.getConnection(withDatabase(server, "syncbench_pgloader"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rows, seconds FROM bench_result")) {
            if (rs.next() && rs.getLong(1) == (long) data.customers() + data.orders()) {
                return new double[] {rs.getLong(1), rs.getDouble(2)};
            }
            return null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The store scored whole, then the two incremental rounds, on the store the full sync loaded. */
    private void incremental() throws Exception {
        try (Database database = open(withDatabase(server, "syncbench"))) {
            Jdbi jdbi = database.jdbi();
            long[] ids = bench(jdbi);
            long storeId = ids[1];
            long sourceId = ids[2];
            SyncSources sources = sources(jdbi);
            OUT.println("5. setup: VACUUM ANALYZE, then the store scored whole (not part of any sync figure)");
            long t0 = System.nanoTime();
            jdbi.useHandle(h -> h.execute("VACUUM ANALYZE dim_customer, fact_order"));
            OUT.printf("  VACUUM ANALYZE %.1f s%n", seconds(t0));
            StoreScoringService scoring = new StoreScoringService(jdbi, CacheInvalidation.NONE);
            t0 = System.nanoTime();
            ScoringRun scored = scoring.rescoreStore(storeId, Instant.now(), true);
            OUT.printf("  rescoreStore: %,d customers in %.1f s%n", scored.customersScored(), seconds(t0));

            OUT.println("6. INCREMENTAL after 1% of each table changed at the source, without rescoring");
            Handoff handoff = new Handoff(null);
            SourceSync sync =
                    new SourceSync(jdbi, sources, SourceConnections.DRIVER_MANAGER, handoff, Clock.systemUTC(), batch);
            incremental(data, 1, sync, sourceId, handoff, jdbi, storeId);

            OUT.println("7. INCREMENTAL after another 1% changed, rescoring included"
                    + " (AfterApply = StoreScoringService.rescoreCustomers(storeId, customers, now))");
            Handoff rescoring = new Handoff(
                    (store, customers) -> scoring.rescoreCustomers(store, customers.keySet(), Instant.now()));
            SourceSync scoredSync = new SourceSync(
                    jdbi, sources, SourceConnections.DRIVER_MANAGER, rescoring, Clock.systemUTC(), batch);
            incremental(data, 2, scoredSync, sourceId, rescoring, jdbi, storeId);
            totalsCheck(jdbi, storeId);
        }
    }

    /** {tenant, store, source} of the bench's database (one of each). */
    private static long[] bench(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT tenant_id, store_id, sync_source_id FROM sync_source ORDER BY sync_source_id LIMIT 1")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .one());
    }

    private static SyncSources sources(Jdbi jdbi) {
        // The source has no password, so nothing is ever sealed or unsealed with this key.
        return new SyncSources(
                jdbi,
                SecretBox.ofKeys(Base64.getDecoder().decode(SecretBox.newKey())),
                SecretResolver.NONE,
                Clock.systemUTC());
    }

    private static Database open(String url) {
        return new Database(DatabaseSettings.parse(url, 4, Duration.ofSeconds(10), Duration.ofHours(1)));
    }

    private static void incremental(
            SourceData data, int round, SourceSync sync, long sourceId, Handoff handoff, Jdbi jdbi, long storeId)
            throws SQLException {
        long t0 = System.nanoTime();
        int[] changed = data.change(round);
        OUT.printf(
                "  changed at the source: %,d customers, %,d orders (1 in 20 of them soft-deleted) in %.1f s%n",
                changed[0], changed[1], seconds(t0));
        long[] expected = data.summary();
        handoff.reset();
        String loadBefore = load();
        t0 = System.nanoTime();
        SyncOutcome outcome = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        double total = seconds(t0);
        check(outcome);
        double afterApply = handoff.nanos.get() / 1e9;
        OUT.printf(
                "  %s in %.2f s (load %s before, %s after): sync %.2f s + AfterApply %.2f s (%d call(s), %,d customers)%n",
                describe(outcome),
                total,
                loadBefore,
                load(),
                total - afterApply,
                afterApply,
                handoff.calls.get(),
                handoff.customers.get());
        if (outcome.rowsRead() != (long) changed[0] + changed[1]) {
            throw new IllegalStateException(
                    "the run read " + outcome.rowsRead() + " rows; " + (changed[0] + changed[1]) + " changed");
        }
        verify(jdbi, storeId, expected);
    }

    /**
     * The write side's floor, measured on the loaded store: 200,000 of its orders inserted again,
     * for another store, straight into {@code fact_order} with one INSERT ... SELECT from a temporary
     * table (no staging COPY, no upsert, no totals, no ledger; the schema's indexes and foreign
     * keys), rolled back; then the same under EXPLAIN ANALYZE for the foreign keys' share.
     */
    private static void insertFloor(Jdbi jdbi, long tenantId, long storeId) {
        int rows = 200_000;
        jdbi.useHandle(h -> {
            long floorStore = h.createQuery(
                            "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'Floor', 'USD') RETURNING store_id")
                    .bind("t", tenantId)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate(
                            "CREATE TEMP TABLE floor_rows AS SELECT external_id, customer_id, date_key, ordered_at, kind,"
                                    + " amount, currency, source_updated_at, deleted_at FROM fact_order WHERE store_id = :s"
                                    + " ORDER BY order_id LIMIT " + rows)
                    .bind("s", storeId)
                    .execute();
            String insert = "INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, kind,"
                    + " amount, currency, source_updated_at, deleted_at) SELECT " + floorStore + ", external_id,"
                    + " customer_id, date_key, ordered_at, kind, amount, currency, source_updated_at, deleted_at"
                    + " FROM floor_rows";
            h.execute("CHECKPOINT");
            h.begin();
            h.execute("SET LOCAL jit = off");
            long t0 = System.nanoTime();
            h.execute(insert);
            double seconds = seconds(t0);
            h.rollback();
            h.execute("CHECKPOINT");
            h.begin();
            h.execute("SET LOCAL jit = off");
            List<String> plan = h.createQuery("EXPLAIN (ANALYZE) " + insert)
                    .mapTo(String.class)
                    .list();
            h.rollback();
            h.execute("DROP TABLE floor_rows");
            double triggers = 0;
            double total = 0;
            for (String line : plan) {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("time=([0-9.]+) calls=").matcher(line);
                if (line.startsWith("Trigger for constraint") && m.find()) {
                    triggers += Double.parseDouble(m.group(1));
                }
                if (line.startsWith("Execution Time:")) {
                    total = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
                }
            }
            OUT.printf(
                    "  floor: %,d of these orders inserted again straight into fact_order (one INSERT ... SELECT, no staging,"
                            + " upsert, totals or ledger; rolled back): %.2f s = %,.0f rows/s; under EXPLAIN ANALYZE the"
                            + " 3 foreign-key triggers took %.0f of %.0f ms (%.0f%%)%n",
                    rows, seconds, rows / seconds, triggers, total, 100 * triggers / total);
        });
    }

    /** Counts what {@link AfterApply} is handed and times it; {@code delegate} null: nothing else. */
    private static final class Handoff implements AfterApply {
        private final AfterApply delegate;
        final AtomicLong customers = new AtomicLong();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        Handoff(AfterApply delegate) {
            this.delegate = delegate;
        }

        void reset() {
            customers.set(0);
            calls.set(0);
            nanos.set(0);
        }

        @Override
        public void changed(long storeId, Map<Long, String> changed) {
            long t0 = System.nanoTime();
            if (delegate != null) {
                delegate.changed(storeId, changed);
            }
            nanos.addAndGet(System.nanoTime() - t0);
            calls.incrementAndGet();
            customers.addAndGet(changed.size());
        }
    }

    /** The store against the source's summary ({@link SourceData#summary}); throws on a difference. */
    private static void verify(Jdbi jdbi, long storeId, long[] expected) {
        long t0 = System.nanoTime();
        long[] actual = jdbi.withHandle(h -> {
            long[] out = new long[6];
            h.createQuery("SELECT count(*), count(deleted_at), count(email) FROM dim_customer WHERE store_id = :s")
                    .bind("s", storeId)
                    .map((rs, ctx) -> {
                        out[0] = rs.getLong(1);
                        out[1] = rs.getLong(2);
                        out[5] = rs.getLong(3);
                        return null;
                    })
                    .one();
            h.createQuery("SELECT count(*), count(deleted_at), (sum(amount) * 100)::bigint FROM fact_order"
                            + " WHERE store_id = :s")
                    .bind("s", storeId)
                    .map((rs, ctx) -> {
                        out[2] = rs.getLong(1);
                        out[3] = rs.getLong(2);
                        out[4] = rs.getLong(3);
                        return null;
                    })
                    .one();
            return out;
        });
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException("the store differs from the source: source " + Arrays.toString(expected)
                    + ", store " + Arrays.toString(actual)
                    + " (customers, deleted, orders, deleted, sum of amounts in cents, emails)");
        }
        OUT.printf(
                "  store equals source: %,d customers (%,d deleted), %,d orders (%,d deleted), amounts %,d cents, %,d emails (checked in %.1f s)%n",
                actual[0], actual[1], actual[2], actual[3], actual[4], actual[5], seconds(t0));
    }

    /** Every customer's order count equals its live orders' (the totals the sync keeps). */
    private static void totalsCheck(Jdbi jdbi, long storeId) {
        long t0 = System.nanoTime();
        long wrong = jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT count(*) FROM dim_customer c
                        LEFT JOIN (SELECT customer_id, count(*) FILTER (WHERE kind = 'order') AS n,
                                          COALESCE(round(sum(amount), 2), 0) AS spend
                                   FROM fact_order WHERE store_id = :s AND deleted_at IS NULL GROUP BY customer_id) o
                               ON o.customer_id = c.customer_id
                        WHERE c.store_id = :s
                          AND (c.order_count <> COALESCE(o.n, 0) OR c.total_spend <> COALESCE(o.spend, 0))""").bind("s", storeId).mapTo(Long.class).one());
        if (wrong != 0) {
            throw new IllegalStateException(wrong + " customers' totals differ from their orders");
        }
        OUT.printf(
                "  every customer's order count and spend equal its live orders' (checked in %.1f s)%n", seconds(t0));
    }

    private static void check(SyncOutcome outcome) {
        if (outcome.status() != SyncOutcome.Status.COMPLETED) {
            throw new IllegalStateException("the sync ended " + outcome.status() + ": "
                    + outcome.failure().orElse(""));
        }
    }

    private static String describe(SyncOutcome outcome) {
        StringBuilder s = new StringBuilder();
        for (SyncOutcome.TableCounts t : outcome.tables()) {
            s.append(s.isEmpty() ? "" : ", ")
                    .append(String.format("%s %,d read / %,d written", t.table(), t.rowsRead(), t.rowsWritten()));
        }
        return s.toString();
    }

    private static long[] tenantAndStore(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            long tenant = h.createQuery(
                            "INSERT INTO tenant (slug, name) VALUES ('syncbench', 'Sync bench') RETURNING tenant_id")
                    .mapTo(Long.class)
                    .one();
            long store = h.createQuery(
                            "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'Bench', 'USD') RETURNING store_id")
                    .bind("t", tenant)
                    .mapTo(Long.class)
                    .one();
            return new long[] {tenant, store};
        });
    }

    /** Drops (forcibly) and creates {@code name} on the server; returns its JDBC URL. */
    static String recreate(DatabaseSettings server, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return withDatabase(server, name);
    }

    static String withDatabase(DatabaseSettings server, String name) {
        String url = server.jdbcUrl();
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        String auth = "";
        if (server.user() != null) {
            auth = (query.isEmpty() ? "?" : "&") + "user=" + server.user()
                    + (server.password() != null ? "&password=" + server.password() : "");
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name + query + auth;
    }

    private static String postgresSettings(DatabaseSettings server) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'),"
                        + " current_setting('shared_buffers'), current_setting('max_wal_size'),"
                        + " current_setting('synchronous_commit'), current_setting('autovacuum')")) {
            rs.next();
            return String.format(
                    "%s, shared_buffers %s, max_wal_size %s, synchronous_commit %s, autovacuum %s",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        }
    }

    private static String mariaSettings(SourceData data) {
        String url = data.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url.replace("/syncbench", "/"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION(), @@innodb_buffer_pool_size")) {
            rs.next();
            return String.format("%s, innodb_buffer_pool_size %,d MB", rs.getString(1), rs.getLong(2) >> 20);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
