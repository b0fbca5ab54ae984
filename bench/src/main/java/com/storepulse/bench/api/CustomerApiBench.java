package com.storepulse.bench.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.ApiKeys;
import com.storepulse.cache.RedisCache;
import com.storepulse.crypto.SecretBox;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.customerapi.CustomerApiRoutes;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.customers.CustomerListQuery;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.customers.CustomerSort;
import com.storepulse.customers.KeysetPosition;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.db.TenantScope;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;
import com.storepulse.stores.StoreRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * In-process latency of the customer API on the large data set through the whole request path:
 * the real {@link CustomerApiHandler}'s beans (its ApiGatewayExchange and route table, the real
 * ApiKeyAdmission with a real hashed api_key row, so key look-up and its cache, the Redis
 * rate limit and the usage metering are all in), called with API Gateway events shaped like
 * template.yaml's /v1/{proxy+} resource, one caller at a time, after a warm-up. See bench/README.md.
 *
 * <pre>
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/storepulse_large REDIS_URL=redis://127.0.0.1:6379 \
 *   java -cp ... com.storepulse.bench.api.CustomerApiBench [storeId [aggregateOnlyStoreId ...]]
 *   java -cp ... com.storepulse.bench.api.CustomerApiBench --aggregates storeId ...
 *   java -cp ... com.storepulse.bench.api.CustomerApiBench --detail storeId     (only the two detail scenarios)
 *   java -cp ... com.storepulse.bench.api.CustomerApiBench --store-list storeId (only /v1/stores of the store's tenant)
 *   --with-sql before the other arguments: each scenario's bare SQL right after it, in the same run
 * </pre>
 * Prints (on stderr, stdout carries the function's logs and metrics) one line per scenario: p50,
 * p99 and max in milliseconds; with {@code --with-sql} also the bare SQL's p50 and p99 and the
 * ratio of the p50s, then a table of all scenarios. The bare SQL is the shipped statement, rendered
 * and bound by the repository the route calls ({@link CustomerRepository#pageStatement} and the
 * like), run on one held connection with every row read and nothing mapped. The cursor arguments
 * are printed so runs on regenerated data can be compared.
 */
public final class CustomerApiBench {

    private static final String CACHE_PREFIX = "sp-bench:";
    private static final int WARMUP = 1_000;
    private static final int ITERATIONS = 3_000;
    /** Store aggregate misses cost 5-30 ms each: fewer calls, same percentiles. */
    private static final int HEAVY_WARMUP = 100;

    private static final int HEAVY_ITERATIONS = 1_000;
    private static final PrintStream OUT = System.err;

    private final ApiGatewayExchange exchange;
    private final CustomerApiRoutes routes;
    private final Database database;
    private final RedisCache cache;
    private final Map<String, String> env = System.getenv();
    private final List<Long> apiKeyIds = new ArrayList<>();
    private final CustomerRepository customers;
    private final StoreRepository stores;
    private final boolean withSql;
    private final List<String> table = new ArrayList<>();
    private String apiKey;

    /** Where the bare SQL runs: the handler's connection (the application role when it is one), as the tenant. */
    private final Database bareDatabase;

    private long tenantId;

    private CustomerApiBench(
            CustomerApiHandler handler, Database database, Database bareDatabase, RedisCache cache, boolean withSql) {
        this.bareDatabase = bareDatabase;
        this.exchange = handler.getApplicationContext().getBean(ApiGatewayExchange.class);
        this.routes = handler.getApplicationContext().getBean(CustomerApiRoutes.class);
        this.database = database;
        this.cache = cache;
        this.withSql = withSql;
        this.customers = new CustomerRepository(database.jdbi());
        this.stores = new StoreRepository(database.jdbi(), customers.archetypes());
    }

    /** A real key (hashed api_key row, as the admin API stores it) of the store's tenant; returns the tenant. */
    private long useKeyOfStoreTenant(long storeId) {
        long tenantId = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT tenant_id FROM store WHERE store_id = :s")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
        ApiKeys.GeneratedKey key = ApiKeys.generate();
        apiKeyIds.add(database.jdbi()
                .withHandle(h -> h.createQuery("""
                        INSERT INTO api_key (tenant_id, prefix, key_hash, name, scopes, rate_limit_per_minute, rate_limit_burst)
                        VALUES (:t, :p, :h, 'customer-api-bench', :s, 1000000000, 1000000000) RETURNING api_key_id""")
                        .bind("t", tenantId)
                        .bind("p", key.prefix())
                        .bind("h", key.hash())
                        .bind("s", new String[] {"stores:read", "customers:read"})
                        .mapTo(Long.class)
                        .one()));
        apiKey = key.key();
        this.tenantId = tenantId;
        return tenantId;
    }

    private void deleteKeys() {
        database.jdbi().useHandle(h -> {
            h.createUpdate("DELETE FROM api_key_usage_daily WHERE api_key_id = ANY(:k)")
                    .bind("k", apiKeyIds.toArray(Long[]::new))
                    .execute();
            h.createUpdate("DELETE FROM api_key WHERE api_key_id = ANY(:k)")
                    .bind("k", apiKeyIds.toArray(Long[]::new))
                    .execute();
        });
    }

    public static void main(String[] args) {
        String url = env("DATABASE_URL", "postgres://root@127.0.0.1:5432/storepulse_large");
        String redis = env("REDIS_URL", "redis://127.0.0.1:6379");
        // The handler's (and the bare SQL's) connection: the application role to measure with row-level
        // security (docs/architecture.md); DATABASE_URL (the owner) writes the bench's key and reads its inputs.
        String handlerUrl = env("BENCH_HANDLER_DATABASE_URL", url);
        byte[] signing = new byte[32];
        new SecureRandom().nextBytes(signing);
        // The handler reads its configuration through Settings, where a system property outranks the environment.
        System.setProperty("DATABASE_URL", handlerUrl);
        System.setProperty("REDIS_URL", redis);
        System.setProperty("CACHE_KEY_PREFIX", CACHE_PREFIX);
        String cursorSigningKey = Base64.getEncoder().encodeToString(signing);
        System.setProperty("CURSOR_SIGNING_KEY", cursorSigningKey);
        cursorKey = cursorSigningKey.getBytes(StandardCharsets.UTF_8);
        try (Database database =
                        new Database(DatabaseSettings.parse(url, 2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
                Database bareDatabase = new Database(
                        DatabaseSettings.parse(handlerUrl, 2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
                RedisCache cache = new RedisCache(
                        RedisSettings.forUrl(redis)
                                .withKeyPrefix(CACHE_PREFIX)
                                .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(1)),
                        MetricsRecorder.NOOP)) {
            List<String> rest = new ArrayList<>(List.of(args));
            boolean withSql = rest.remove("--with-sql");
            // --aggregates: every store given gets only the store-aggregate scenarios.
            boolean aggregatesOnly = rest.remove("--aggregates");
            boolean detailOnly = rest.remove("--detail");
            boolean storeListOnly = rest.remove("--store-list");
            List<String> stores = rest;
            if (stores.isEmpty()) {
                long standard = database.jdbi()
                        .withHandle(h -> h.createQuery("""
                        SELECT store_id FROM customer_score GROUP BY store_id ORDER BY abs(count(*) - 10000), store_id LIMIT 1""").mapTo(Long.class).one());
                stores.add(Long.toString(standard));
            }
            CustomerApiHandler handler = new CustomerApiHandler();
            CustomerApiBench bench = new CustomerApiBench(handler, database, bareDatabase, cache, withSql);
            try {
                for (int i = 0; i < stores.size(); i++) {
                    long storeId = Long.parseLong(stores.get(i));
                    long tenantId = bench.useKeyOfStoreTenant(storeId);
                    if (detailOnly) {
                        bench.details(storeId, bench.externalIds(storeId));
                    } else if (storeListOnly) {
                        bench.storeList(tenantId);
                    } else if (i == 0 && !aggregatesOnly) {
                        bench.queries(storeId);
                        bench.aggregates(storeId);
                        bench.storeList(tenantId);
                    } else {
                        bench.aggregates(storeId);
                    }
                }
                bench.printTable();
            } finally {
                bench.deleteKeys();
                handler.close();
            }
        }
    }

    private long scored(long storeId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score WHERE store_id = :s")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
    }

    private void queries(long storeId) {
        OUT.printf(
                "store %d: %d scored customers; %d warm-up + %d timed calls per scenario (aggregate misses: %d + %d)%n",
                storeId, scored(storeId), WARMUP, ITERATIONS, HEAVY_WARMUP, HEAVY_ITERATIONS);
        String store = "/v1/stores/" + storeId;
        List<String> externalIds = externalIds(storeId);
        details(storeId, externalIds);

        APIGatewayProxyRequestEvent firstPage = event(store + "/customers", Map.of());
        CustomerListQuery first = CustomerListQuery.firstPage(storeId, 50);
        measure("first page (50 by -ltv)", WARMUP, ITERATIONS, i -> firstPage, i -> {}, page(first));

        String cursor = walk(store + "/customers", Map.of("limit", "50"), 100);
        OUT.println("  cursor after row 5,000 (limit 50): " + payload(cursor));
        APIGatewayProxyRequestEvent deepPage = event(store + "/customers", Map.of("limit", "50", "cursor", cursor));
        CustomerListQuery deep = first.withAfter(position(cursor));
        measure("page at row 5,000 (101st page of 50)", WARMUP, ITERATIONS, i -> deepPage, i -> {}, page(deep));

        // The "a page 5,000 deep": the 5,001st page. At 50 per page that is row 250,000,
        // deeper than any store of the large data set, so the same walk at 2 per page (row 10,000).
        String page5000 = walk(store + "/customers", Map.of("limit", "2"), 5_000);
        OUT.println("  cursor after row 10,000 (limit 2): " + payload(page5000));
        APIGatewayProxyRequestEvent deepest = event(store + "/customers", Map.of("limit", "2", "cursor", page5000));
        CustomerListQuery deepestQuery = CustomerListQuery.firstPage(storeId, 2).withAfter(position(page5000));
        measure("page 5,001 (limit 2, row 10,000)", WARMUP, ITERATIONS, i -> deepest, i -> {}, page(deepestQuery));
        CustomerListQuery deepest50 = first.withAfter(position(page5000));
        measure(
                "page 5,001 with limit 50 (rows 10,000-10,049)",
                WARMUP,
                ITERATIONS,
                fixed(event(store + "/customers", Map.of("limit", "50", "cursor", page5000))),
                i -> {},
                page(deepest50));

        for (String segment : List.of("repeat_buyer", "vip")) {
            CustomerListQuery filtered = filtered(storeId, segment, 0.5, null);
            measure(
                    "filtered (segment=" + segment + ", minChurnRisk=0.5)",
                    WARMUP,
                    ITERATIONS,
                    fixed(event(store + "/customers", Map.of("segment", segment, "minChurnRisk", "0.5"))),
                    i -> {},
                    page(filtered));
        }

        // q: name prefixes as a search box sends them (2, 3 and 5 letters of real names), and an id prefix.
        List<String> names = database.jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT lower(full_name) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL
                        ORDER BY hashint8(customer_id) LIMIT 200""")
                        .bind("s", storeId)
                        .mapTo(String.class)
                        .list());
        for (int letters : new int[] {2, 3, 5}) {
            IntFunction<String> prefix = i -> {
                String name = names.get(i % names.size());
                return name.substring(0, Math.min(letters, name.length()));
            };
            measure(
                    "q page (" + letters + "-letter name prefixes, 200 names)",
                    WARMUP,
                    ITERATIONS,
                    i -> event(store + "/customers", Map.of("q", prefix.apply(i))),
                    i -> {},
                    new Bare(
                            names.size(),
                            (h, i) -> List.of(
                                    customers.pageStatement(h, filtered(storeId, null, null, prefix.apply(i))))));
        }
        String idPrefix = externalIds.get(0).substring(0, externalIds.get(0).length() - 2);
        CustomerListQuery byId = filtered(storeId, null, null, idPrefix);
        measure(
                "q page (id prefix " + idPrefix + ")",
                WARMUP,
                ITERATIONS,
                fixed(event(store + "/customers", Map.of("q", idPrefix))),
                i -> {},
                page(byId));
    }

    /** A first page of 50 by -ltv with a segment and minimum churn risk, or a q prefix. */
    private static CustomerListQuery filtered(long storeId, String segment, Double minChurnRisk, String prefix) {
        return new CustomerListQuery(
                storeId,
                List.of(),
                null,
                null,
                minChurnRisk,
                null,
                segment == null ? List.of() : List.of(segment),
                null,
                null,
                prefix,
                CustomerSort.LTV,
                true,
                50,
                null);
    }

    /** The keyset position a cursor carries (its payload's k and i), as the route decodes it. */
    private static KeysetPosition position(String cursor) {
        return new KeysetPosition(payloadField(cursor, "k"), Long.parseLong(payloadField(cursor, "i")));
    }

    private Bare page(CustomerListQuery query) {
        return Bare.fixed(h -> List.of(customers.pageStatement(h, query)));
    }

    /** 2,000 live customers of the store in a fixed pseudo-random order. */
    private List<String> externalIds(long storeId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT external_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL
                        ORDER BY hashint8(customer_id) LIMIT 2000""")
                        .bind("s", storeId)
                        .mapTo(String.class)
                        .list());
    }

    private void details(long storeId, List<String> externalIds) {
        String store = "/v1/stores/" + storeId;
        IntFunction<APIGatewayProxyRequestEvent> detail =
                i -> event(store + "/customers/" + externalIds.get(i % externalIds.size()), Map.of());
        OUT.println("  detail: external ids " + externalIds.get(0) + ", " + externalIds.get(1) + ", ...");
        measure(
                "detail, cache miss",
                WARMUP,
                ITERATIONS,
                detail,
                i -> cache.customerChanged(storeId, externalIds.get(i % externalIds.size())),
                new Bare(
                        externalIds.size(),
                        (h, i) -> List.of(customers.detailStatement(
                                h, storeId, externalIds.get(i), CustomerRoutes.DETAIL_ORDERS))));
        measure("detail, cache hit", WARMUP, ITERATIONS, detail, i -> {}, null);
    }

    private void aggregates(long storeId) {
        String store = "/v1/stores/" + storeId;
        OUT.printf("store %d: %d scored customers%n", storeId, scored(storeId));
        APIGatewayProxyRequestEvent archetypes = event(store + "/archetypes", Map.of());
        measure(
                "archetypes, cache miss",
                HEAVY_WARMUP,
                HEAVY_ITERATIONS,
                fixed(archetypes),
                i -> cache.storeChanged(storeId),
                Bare.fixed(h -> List.of(stores.archetypeBreakdownStatement(h, storeId))));
        measure("archetypes, cache hit", WARMUP, ITERATIONS, fixed(archetypes), i -> {}, null);
        APIGatewayProxyRequestEvent summary = event(store + "/summary", Map.of());
        measure(
                "summary, cache miss",
                HEAVY_WARMUP,
                HEAVY_ITERATIONS,
                fixed(summary),
                i -> cache.storeChanged(storeId),
                Bare.fixed(h -> List.of(stores.summaryStatement(h, storeId, Instant.now()))));
        measure("summary, cache hit", WARMUP, ITERATIONS, fixed(summary), i -> {}, null);
    }

    private void storeList(long tenantId) {
        List<Long> storeIds = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT store_id FROM store WHERE tenant_id = :t")
                        .bind("t", tenantId)
                        .mapTo(Long.class)
                        .list());
        OUT.printf("tenant %d: %d stores%n", tenantId, storeIds.size());
        APIGatewayProxyRequestEvent list = event("/v1/stores", Map.of());
        measure(
                "/v1/stores, every store's counts missed",
                HEAVY_WARMUP,
                HEAVY_ITERATIONS,
                fixed(list),
                i -> storeIds.forEach(cache::storeChanged),
                // the tenant's stores, then each store's counts (what a miss on every store runs)
                Bare.fixed(h -> {
                    List<Query> statements = new ArrayList<>();
                    statements.add(stores.readableStoresStatement(h, tenantId, null));
                    storeIds.forEach(storeId -> statements.add(stores.customerCountsStatement(h, storeId)));
                    return statements;
                }));
        measure("/v1/stores, cached counts", WARMUP, ITERATIONS, fixed(list), i -> {}, null);
    }

    /**
     * A scenario's bare SQL: the statements the route runs for call {@code i}, built by the
     * repository it calls; {@code inputs} is how many different calls there are (call i is
     * call i % inputs), each captured once and then replayed (BareStatements).
     */
    private record Bare(int inputs, BiFunction<Handle, Integer, List<Query>> statements) {
        static Bare fixed(Function<Handle, List<Query>> statements) {
            return new Bare(1, (h, i) -> statements.apply(h));
        }
    }

    private static IntFunction<APIGatewayProxyRequestEvent> fixed(APIGatewayProxyRequestEvent event) {
        return i -> event;
    }

    /** Follows nextCursor {@code pages} times and returns the cursor of the page after them. */
    private String walk(String path, Map<String, String> query, int pages) {
        String cursor = null;
        for (int p = 0; p < pages; p++) {
            Map<String, String> q = new LinkedHashMap<>(query);
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            cursor = body(call(event(path, q))).get("nextCursor").asText();
        }
        return cursor;
    }

    /** The cursor key the handler was given (CURSOR_SIGNING_KEY's text, as CursorSigningKey reads it). */
    private static byte[] cursorKey;

    /**
     * A v2 cursor's payload, opened as CursorCodec does (AES-256-GCM under HMAC-SHA256 of the key
     * and its label, context cursor:v2): the bench holds the key, a client does not.
     */
    private static String payload(String cursor) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cursorKey, "HmacSHA256"));
            SecretBox box =
                    SecretBox.ofKeys(mac.doFinal("storepulse cursor encryption v2".getBytes(StandardCharsets.UTF_8)));
            byte[] sealed = Base64.getUrlDecoder().decode(cursor.substring("v2.".length()));
            return new String(box.open(sealed, "cursor:v2"), StandardCharsets.UTF_8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String payloadField(String cursor, String field) {
        try {
            return Json.mapper().readTree(payload(cursor)).path(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void measure(
            String name,
            int warmup,
            int iterations,
            IntFunction<APIGatewayProxyRequestEvent> events,
            IntConsumer before,
            Bare bare) {
        for (int i = 0; i < warmup; i++) {
            before.accept(i);
            check(call(events.apply(i)), name);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            before.accept(i);
            APIGatewayProxyRequestEvent event = events.apply(i);
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = call(event);
            nanos[i] = System.nanoTime() - start;
            check(response, name);
        }
        dump(name, nanos);
        Arrays.sort(nanos);
        double p50 = nanos[iterations / 2] / 1e6;
        double p99 = nanos[(int) (iterations * 0.99) - 1] / 1e6;
        OUT.printf(
                Locale.ROOT,
                "%-58s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms%n",
                name,
                p50,
                p99,
                nanos[iterations - 1] / 1e6);
        if (!withSql || bare == null) {
            table.add(String.format(Locale.ROOT, "| %s | %.2f / %.2f | | |", name, p50, p99));
            return;
        }
        long[] sql = bareSql(warmup, iterations, bare);
        double sqlP50 = sql[iterations / 2] / 1e6;
        double sqlP99 = sql[(int) (iterations * 0.99) - 1] / 1e6;
        OUT.printf(
                Locale.ROOT,
                "%-58s p50 %7.3f ms   p99 %7.3f ms   ratio of p50s %.1fx%n",
                "  bare SQL",
                sqlP50,
                sqlP99,
                p50 / sqlP50);
        table.add(String.format(
                Locale.ROOT,
                "| %s | %.2f / %.2f | %.2f / %.2f | %.1fx |",
                name,
                p50,
                p99,
                sqlP50,
                sqlP99,
                p50 / sqlP50));
    }

    /** The scenario's statements alone, same warm-up and count, on one connection held throughout. */
    private long[] bareSql(int warmup, int iterations, Bare bare) {
        // Checked out as the tenant: with the application role, row-level security filters the bare SQL too.
        try (BareStatements statements = new BareStatements(
                TenantScope.call(tenantId, () -> bareDatabase.jdbi().open()))) {
            Map<Integer, List<BareStatements.Bound>> captured = new HashMap<>();
            IntFunction<List<BareStatements.Bound>> bound = i -> captured.computeIfAbsent(
                    i % bare.inputs(),
                    k -> bare.statements().apply(statements.handle(), k).stream()
                            .map(BareStatements::capture)
                            .toList());
            for (int i = 0; i < warmup; i++) {
                bound.apply(i).forEach(statements::run);
            }
            long[] nanos = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                List<BareStatements.Bound> call = bound.apply(i);
                long start = System.nanoTime();
                for (BareStatements.Bound b : call) {
                    statements.run(b);
                }
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos;
        }
    }

    private void printTable() {
        OUT.println();
        OUT.println("| scenario | in-process p50 / p99 ms | bare SQL p50 / p99 ms | ratio of p50s |");
        OUT.println("|---|---|---|---|");
        table.forEach(OUT::println);
    }

    /**
     * With BENCH_DUMP_DIR set, each scenario's timed calls in call order (microseconds, one a line)
     * go to a file named after it there: shows whether a tail is spread over the run or bunched.
     */
    private static void dump(String name, long[] nanos) {
        String dir = System.getenv("BENCH_DUMP_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (long n : nanos) {
            lines.append(n / 1000).append('\n');
        }
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of(dir, name.replaceAll("[^a-zA-Z0-9]+", "_") + ".txt"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What CustomerApiHandler.handleRequest does (exchange.handle with the route table). It once
     * also skipped MicronautRequestHandler's per-call registration of the Lambda Context as a bean,
     * which grew slower with every invocation; the handler no longer extends that class (see
     * bench/README.md, "Customer API").
     */
    private APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        return exchange.handle(LambdaContextStandIn.fromEnvironment(env), event, routes::route);
    }

    private static void check(APIGatewayProxyResponseEvent response, String name) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(name + ": " + response.getStatusCode() + " " + response.getBody());
        }
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event as API Gateway's /v1/{proxy+} resource delivers it (template.yaml), stage "prod". */
    private APIGatewayProxyRequestEvent event(String path, Map<String, String> query) {
        Map<String, List<String>> multi = new HashMap<>();
        query.forEach((k, v) -> multi.put(k, new ArrayList<>(List.of(v))));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withResource("/v1/{proxy+}")
                .withPath("/prod" + path)
                .withPathParameters(Map.of("proxy", path.substring("/v1/".length())))
                .withQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                .withMultiValueQueryStringParameters(multi.isEmpty() ? null : multi)
                .withHeaders(Map.of("x-api-key", apiKey));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
