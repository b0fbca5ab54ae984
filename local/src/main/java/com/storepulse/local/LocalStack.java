package com.storepulse.local;

import com.storepulse.auth.ApiKeys;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.config.SecretResolver;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.demodata.DemoApiKeys;
import com.storepulse.demodata.DemoDataGenerator;
import com.storepulse.demodata.DemoDataOptions;
import com.storepulse.demodata.DemoDataScale;
import com.storepulse.demodata.DemoDatabase;
import com.storepulse.demodata.DemoSyncSource;
import com.storepulse.demodata.DemoWebhookSource;
import com.storepulse.devservers.DevServers;
import com.storepulse.local.http.FrontDoor;
import com.storepulse.local.http.LocalHttpServer;
import com.storepulse.local.http.Routes;
import com.storepulse.local.lambda.FunctionIdentity;
import com.storepulse.local.lambda.FunctionRegistry;
import com.storepulse.local.lambda.LocalFunction;
import com.storepulse.local.queue.InProcessQueue;
import com.storepulse.local.schedule.LocalSchedules;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.sync.SyncSources;
import com.storepulse.webhooks.WebhookKeys;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Every StorePulse function on localhost, run the way Lambda runs it: PostgreSQL (configured or
 * embedded), Redis (configured, embedded, or none), migrations, demo data, the demo API key, an
 * HTTP front door that speaks API Gateway proxy events to the functions, the Lambda Invoke API
 * and EventBridge-style timers. Wiring only: no business logic lives here.
 */
public final class LocalStack implements AutoCloseable {

    /** The Powertools metrics namespace handlers get locally unless one is configured. */
    static final String METRICS_NAMESPACE = "StorePulseLocal";

    private final LocalHttpServer server;
    private final Database database;
    private final LocalSchedules schedules;
    private final InProcessQueue syncQueue;
    private final Optional<DemoSyncSource> demoSyncSource;
    private final FunctionRegistry functions;
    private final String demoApiKey;
    private final String demoWebhookSecret;
    private final Map<String, Duration> timings;
    private final HandlerProperties handlerProperties;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrintStream out;
    private boolean closed;

    private LocalStack(
            LocalHttpServer server,
            Database database,
            LocalSchedules schedules,
            InProcessQueue syncQueue,
            Optional<DemoSyncSource> demoSyncSource,
            FunctionRegistry functions,
            String demoApiKey,
            String demoWebhookSecret,
            Map<String, Duration> timings,
            HandlerProperties handlerProperties,
            PrintStream out) {
        this.server = server;
        this.database = database;
        this.schedules = schedules;
        this.syncQueue = syncQueue;
        this.demoSyncSource = demoSyncSource;
        this.functions = functions;
        this.demoApiKey = demoApiKey;
        this.demoWebhookSecret = demoWebhookSecret;
        this.timings = timings;
        this.handlerProperties = handlerProperties;
        this.out = out;
    }

    public static Builder builder(LocalStackConfig config) {
        return new Builder(config);
    }

    /** Options beyond the environment: extra functions and routes (tests use them), the output. */
    public static final class Builder {
        private final LocalStackConfig config;
        private final Map<String, String> extraFunctions = new LinkedHashMap<>();
        private final List<Routes.Route> extraRoutes = new ArrayList<>();
        private PrintStream out = System.out;

        private Builder(LocalStackConfig config) {
            this.config = config;
        }

        public Builder function(String name, String handlerClass) {
            extraFunctions.put(name, handlerClass);
            return this;
        }

        public Builder route(Routes.Route route) {
            extraRoutes.add(route);
            return this;
        }

        public Builder output(PrintStream output) {
            this.out = output;
            return this;
        }

        public LocalStack start() {
            return LocalStack.start(this);
        }
    }

    private static LocalStack start(Builder builder) {
        LocalStackConfig config = builder.config;
        PrintStream out = builder.out;
        Map<String, Duration> timings = new LinkedHashMap<>();

        String databaseUrl = timed(
                timings,
                out,
                config.databaseUrl().isPresent() ? "PostgreSQL (DATABASE_URL)" : "PostgreSQL (embedded)",
                () -> config.databaseUrl().orElseGet(DevServers::embeddedPostgresUrl));
        Optional<String> redisUrl = timed(timings, out, "Redis", () -> redis(config, out));
        Database database =
                new Database(DatabaseSettings.parse(databaseUrl, 10, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        try {
            timed(timings, out, "Flyway migrate", () -> Migrations.migrate(database.dataSource()));
            // Scores are computed as of the demo data's own end, so every start serves the same
            // scores; stores left unscored by an earlier start are scored as of now.
            Instant scoreAsOf = Instant.now();
            if (config.demoData()) {
                if (DemoDatabase.isEmpty(database.jdbi())) {
                    scoreAsOf = timed(
                                    timings,
                                    out,
                                    "demo data (small)",
                                    () -> new DemoDataGenerator(DemoDataOptions.of(DemoDataScale.small()), line -> {})
                                            .load(database.jdbi()))
                            .dataEnd();
                } else {
                    out.println("  demo data: the database already has stores; nothing loaded");
                }
            }
            String apiKey =
                    config.demoApiKey().orElseGet(() -> ApiKeys.generate().key());
            boolean installed = timed(timings, out, "demo API key", () -> DemoApiKeys.install(database.jdbi(), apiKey));
            if (!installed) {
                out.println("  demo API key: this database has no 'demo' tenant; no key installed");
            }
            // Webhook secrets are sealed under DATA_ENCRYPTION_KEY: one per run unless configured,
            // which is why the demo source's key is installed again at each start.
            setIfAbsent(SecretBox.KEY_SETTING, SecretBox.newKey());
            // Erased customers are matched under SUPPRESSION_HASH_KEY: one per run unless configured
            // (set it to keep a persistent database's erasures matched across restarts).
            setIfAbsent(SubjectHashes.KEY_SETTING, SubjectHashes.newKey());
            String webhookSecret = config.demoWebhookSecret().orElseGet(WebhookKeys::newSecret);
            Optional<Long> webhookStore = timed(
                    timings,
                    out,
                    "demo webhook source",
                    () -> DemoWebhookSource.install(
                            database.jdbi(),
                            SecretBox.fromSettings(Settings.fromEnvironment(SecretResolver.NONE)),
                            webhookSecret));

            // The sync's demo source: an H2 database (MSSQLServer mode) holding the demo store's data,
            // changing a little every minute; the scheduled event syncs it (docs/local-stack.md).
            Optional<DemoSyncSource> demoSyncSource = timed(
                    timings,
                    out,
                    "demo sync source",
                    () -> DemoSyncSource.install(
                            database.jdbi(),
                            new SyncSources(
                                    database.jdbi(),
                                    SecretBox.fromSettings(Settings.fromEnvironment(SecretResolver.NONE)),
                                    SecretResolver.NONE,
                                    Clock.systemUTC())));

            // Demo data arrives unscored; score it so the API has something to answer.
            Instant asOf = scoreAsOf;
            List<ScoringRun> scored = timed(
                    timings,
                    out,
                    "scoring",
                    () -> new StoreScoringService(database.jdbi(), CacheInvalidation.NONE).scoreUnscoredStores(asOf));
            if (!scored.isEmpty()) {
                out.println("  scored "
                        + scored.stream().mapToInt(ScoringRun::customersScored).sum() + " customers in " + scored.size()
                        + " store(s)");
            }

            HandlerProperties handlerProperties = new HandlerProperties();
            passConfigurationToHandlers(config, databaseUrl, redisUrl, handlerProperties);
            FunctionRegistry functions = new FunctionRegistry();
            Map<String, String> all = new LinkedHashMap<>(FunctionRegistry.STOREPULSE_FUNCTIONS);
            all.putAll(builder.extraFunctions);
            ClassLoader loader = LocalStack.class.getClassLoader();
            all.forEach((name, handler) -> functions.add(new LocalFunction(
                    new FunctionIdentity(name, config.region()),
                    handler,
                    loader,
                    config.functionTimeout(),
                    config.functionMemoryMb(),
                    out)));
            Routes routes = Routes.storePulse();
            builder.extraRoutes.forEach(routes::add);

            LocalHttpServer server = timed(
                    timings,
                    out,
                    "HTTP server",
                    () -> LocalHttpServer.start(config.bindAddress(), config.port(), out)
                            .createContext("/", new FrontDoor(routes, functions, config.region(), out)));
            // The sync queue in-process: the function's SQS client sends to it over HTTP, and it hands
            // each message back to the function as the SQS event source would.
            InProcessQueue syncQueue = new InProcessQueue(
                    functions, "azure-sync", "storepulse-local-sync", config.region(), config.queueRetryDelay(), out);
            server.createContext(InProcessQueue.PATH, syncQueue);
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            // This stack's own queue: a second stack in one JVM (tests start one) has its own port.
            handlerProperties.set("SYNC_QUEUE_URL", syncQueue.queueUrl(base));
            handlerProperties.set("AWS_ENDPOINT_URL_SQS", base + InProcessQueue.PATH);
            // The SDK signs every request; the local queue checks nothing.
            setIfAbsent("aws.accessKeyId", "local");
            setIfAbsent("aws.secretAccessKey", "local");
            syncQueue.start();
            demoSyncSource.ifPresent(DemoSyncSource::startChanging);
            LocalSchedules schedules = new LocalSchedules(functions, config.region(), out);
            config.syncInterval()
                    .ifPresent(every -> schedules.add(
                            new LocalSchedules.Schedule("storepulse-local-azure-sync", "azure-sync", every)));
            schedules.add(new LocalSchedules.Schedule(
                    "storepulse-local-usage-flush", "usage-flush", config.usageFlushInterval()));
            // as template.yaml's Sweep schedule: unsent messages, groups nobody waits for, reminders
            schedules.add(
                    new LocalSchedules.Schedule("storepulse-local-alert-sweep", "alert-fanout", Duration.ofMinutes(1)));
            schedules.start();
            return new LocalStack(
                    server,
                    database,
                    schedules,
                    syncQueue,
                    demoSyncSource,
                    functions,
                    installed ? apiKey : null,
                    webhookStore.isPresent() ? webhookSecret : null,
                    timings,
                    handlerProperties,
                    out);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Optional<String> redis(LocalStackConfig config, PrintStream out) {
        if (config.redisUrl().isPresent()) {
            return config.redisUrl();
        }
        if (!config.embeddedRedis()) {
            out.println("  Redis: none (EMBEDDED_REDIS=false): functions run without a cache");
            return Optional.empty();
        }
        try {
            return Optional.of(DevServers.redisUrl(true).orElseThrow());
        } catch (RuntimeException e) {
            out.println("  Redis: embedded Redis did not start (" + e.getMessage() + "); going on without a cache");
            return Optional.empty();
        }
    }

    /**
     * Handlers read their configuration with Settings.fromEnvironment, which falls back to system
     * properties; the environment of a running JVM cannot be changed.
     */
    private static void passConfigurationToHandlers(
            LocalStackConfig config,
            String databaseUrl,
            Optional<String> redisUrl,
            HandlerProperties handlerProperties) {
        // The functions' own role when one is given (as deployed: the application role, under
        // row-level security); the stack itself migrates, loads and scores as DATABASE_URL's.
        handlerProperties.set("DATABASE_URL", config.functionsDatabaseUrl().orElse(databaseUrl));
        redisUrl.ifPresentOrElse(
                url -> handlerProperties.set("REDIS_URL", url), () -> handlerProperties.clear("REDIS_URL"));
        setIfAbsent("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        setIfAbsent("AWS_REGION", config.region());
        setIfAbsent("STOREPULSE_STAGE", "local");
        // alert-fanout prints its Slack messages on the console unless SLACK_WEBHOOK_URL is set
        setIfAbsent("ALERT_CONSOLE_FALLBACK", "true");
        if (System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null) {
            System.setProperty("aws.region", config.region()); // what the AWS SDK reads
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static <T> T timed(Map<String, Duration> timings, PrintStream out, String step, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        timings.put(step, took);
        out.printf("  %-28s %6.2f s%n", step, took.toNanos() / 1e9);
        return result;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUri() {
        String host = server.getAddress().getAddress().isAnyLocalAddress()
                ? "localhost"
                : server.getAddress().getHostString();
        return URI.create("http://" + host + ":" + port());
    }

    /** The demo tenant's key, or null when the database has no demo tenant. */
    public String demoApiKey() {
        return demoApiKey;
    }

    /** The demo webhook source's secret, or null when the database has no demo tenant. */
    public String demoWebhookSecret() {
        return demoWebhookSecret;
    }

    public FunctionRegistry functions() {
        return functions;
    }

    public Database database() {
        return database;
    }

    /** The sync queue the stack runs in-process. */
    public InProcessQueue syncQueue() {
        return syncQueue;
    }

    /** The demo sync source, when the database has a demo tenant. */
    public Optional<DemoSyncSource> demoSyncSource() {
        return demoSyncSource;
    }

    public Map<String, Duration> timings() {
        return Map.copyOf(timings);
    }

    /** Milliseconds from JVM start until now; call right after start() for the start-up time. */
    public static long millisSinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    public void printBanner(long readyMillis) {
        out.println();
        out.printf("StorePulse local stack ready in %.2f s (JVM start to HTTP accepting)%n", readyMillis / 1000.0);
        out.println("  URL:          " + baseUri());
        out.println("  demo API key: " + (demoApiKey == null ? "(none: no demo tenant)" : demoApiKey));
        out.println("  functions:");
        for (LocalFunction f : functions.all()) {
            out.printf(
                    "    %-16s %s%s%n",
                    f.name(), f.handlerClass(), f.available() ? "" : "  (not available in this build)");
        }
        out.println("  try:");
        out.println("    curl -s " + baseUri() + "/health");
        out.println("    curl -s -H 'x-api-key: " + (demoApiKey == null ? "<key>" : demoApiKey) + "' '" + baseUri()
                + "/v1/stores'");
        demoSyncSource.ifPresent(source -> out.println("  demo sync source: " + source.sourceId()
                + " (H2, MSSQLServer mode; changes every minute): aws lambda invoke ... --function-name azure-sync"
                + " --payload fileb://events/azure-sync-scheduled.json  (docs/local-stack.md, \"Sync\")"));
        if (demoWebhookSecret != null) {
            out.println("  demo webhook source: " + baseUri() + "/v1/webhooks/" + DemoWebhookSource.SOURCE_ID
                    + "  secret " + demoWebhookSecret + "  (docs/webhooks.md, \"Try it\")");
        }
        out.println("    aws lambda invoke --endpoint-url " + baseUri() + " --function-name customer-api"
                + " --payload fileb://event.json out.json");
        out.println("  Ctrl-C stops.");
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        schedules.close();
        syncQueue.close();
        demoSyncSource.ifPresent(DemoSyncSource::close);
        server.close();
        database.close();
        handlerProperties.restore();
        out.println("StorePulse local stack stopped");
        stopped.countDown();
    }
}
