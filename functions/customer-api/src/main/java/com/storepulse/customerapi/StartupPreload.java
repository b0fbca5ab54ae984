package com.storepulse.customerapi;

import com.storepulse.health.HealthReport;
import com.storepulse.json.Json;
import com.storepulse.redis.RedisConnection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Loads what the first request needs and Micronaut's start does not (Jdbi with its plugins;
 * pgJDBC and HikariCP; Lettuce, Netty and Reactor with the Redis client's event loops; the JSON
 * mapper and the health answer's serializers; the runtime's own event serializers) on a background thread, started when the handler class is loaded, while the main
 * thread starts Micronaut. A cold start is nearly all class loading and C1 compiling on one thread
 * otherwise, and a Lambda init has more than one vCPU's worth (docs/cold-start.md).
 *
 * <p>Only libraries' own start-up paths run here (creating the client resources, registering the
 * driver, building the mapper), each once per process, and nothing touches the network. {@link
 * com.storepulse.lifecycle.ConnectionWarmup} opens the connections after this, on the same
 * libraries, so no two threads initialise one library's classes at the same time. A step that
 * fails is skipped: the request path loads the same classes again and meets the same failure.
 *
 * <p>{@code STARTUP_WARMUP=off} (environment or system property) turns this and the connection
 * warm-up off, to compare or in case one misbehaves.
 */
final class StartupPreload {

    static final String SETTING = "STARTUP_WARMUP";

    private static Stages stages; // guarded by the class

    private StartupPreload() {}

    /** Whether the start-up warm-ups are on (they are unless {@code STARTUP_WARMUP=off}). */
    static boolean enabled() {
        String value = System.getProperty(SETTING, System.getenv(SETTING));
        return value == null || !value.equalsIgnoreCase("off");
    }

    /**
     * What the preload has done so far, each stage a future that completes (never exceptionally)
     * when its libraries are loaded: the connection warm-up waits for the stage of its library.
     */
    record Stages(CompletableFuture<Void> database, CompletableFuture<Void> redis, CompletableFuture<Void> all) {}

    /** Starts the preload once per process (on one thread: the main thread keeps the other core). */
    static synchronized Stages start() {
        if (stages == null) {
            if (!enabled()) {
                CompletableFuture<Void> none = CompletableFuture.completedFuture(null);
                stages = new Stages(none, none, none);
            } else {
                stages = new Stages(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
                Stages started = stages;
                Thread.ofPlatform().name("startup-preload").daemon().start(() -> preload(started));
            }
        }
        return stages;
    }

    /**
     * In the order the main thread needs them: Jdbi first (the database bean builds one right after
     * Micronaut has started), then the clients the connection warm-up uses, then the JSON mapper,
     * then the runtime's event serializers, which the runtime uses right after init.
     */
    private static void preload(Stages stages) {
        try {
            step(StartupPreload::jdbi);
            step(() -> Class.forName("org.postgresql.Driver"));
            step(() -> {
                for (String name : POOL_CLASSES) {
                    Class.forName(name, false, StartupPreload.class.getClassLoader());
                }
            });
            stages.database().complete(null);
            step(RedisConnection::preloadClientResources);
            stages.redis().complete(null);
            step(() -> Json.write(new HealthReport(
                    HealthReport.Status.OK,
                    HealthReport.Component.UP,
                    HealthReport.Component.UP,
                    "preload",
                    Instant.EPOCH)));
            step(StartupPreload::runtimeSerializers);
        } finally {
            stages.database().complete(null);
            stages.redis().complete(null);
            stages.all().complete(null);
        }
    }

    /** What {@code new Database(...)} builds: a Jdbi with the same plugins, on a source never asked for a connection. */
    private static void jdbi() {
        Jdbi.create(() -> {
                    throw new SQLException("preload only");
                })
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
    }

    /**
     * The Lambda runtime reads the first event and writes its answer with its own serializers
     * (aws-lambda-java-serialization, a Jackson of its own), built right after the handler's
     * constructor returns. Their classes come from the runtime's class loader, which the function's
     * delegates to; where they cannot be found (a test, a local run) this step does nothing.
     */
    private static void runtimeSerializers() throws ReflectiveOperationException {
        ClassLoader loader = StartupPreload.class.getClassLoader();
        Class<?> serializers = Class.forName(
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers", true, loader);
        Class<?> pojoSerializer =
                Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", true, loader);
        Method serializerFor = serializers.getMethod("serializerFor", Class.class, ClassLoader.class);
        // By name: the event classes are the edge's (ArchitectureTest keeps them out of code that
        // runs SQL, as the Jdbi step above does).
        Class<?> requestType =
                Class.forName("com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent", true, loader);
        Class<?> responseType = Class.forName(
                "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent", true, loader);
        Object in = serializerFor.invoke(null, requestType, loader);
        pojoSerializer
                .getMethod("fromJson", InputStream.class)
                .invoke(in, new ByteArrayInputStream(SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8)));
        Object out = serializerFor.invoke(null, responseType, loader);
        pojoSerializer
                .getMethod("toJson", Object.class, OutputStream.class)
                .invoke(out, responseType.getConstructor().newInstance(), OutputStream.nullOutputStream());
    }

    /** A REST (payload 1.0) event with every part the gateway sends filled in. */
    private static final String SAMPLE_EVENT = """
            {"version":"1.0","resource":"/v1/{proxy+}","path":"/v1/stores","httpMethod":"GET",
             "headers":{"Accept":"application/json"},"multiValueHeaders":{"Accept":["application/json"]},
             "queryStringParameters":{"limit":"1"},"multiValueQueryStringParameters":{"limit":["1"]},
             "pathParameters":{"proxy":"stores"},"stageVariables":null,
             "requestContext":{"accountId":"123456789012","apiId":"preload","resourceId":"r","stage":"live",
              "requestId":"preload","requestTimeEpoch":0,"httpMethod":"GET","path":"/live/v1/stores",
              "resourcePath":"/v1/{proxy+}","protocol":"HTTP/1.1",
              "identity":{"sourceIp":"127.0.0.1","userAgent":"preload"},"authorizer":null},
             "body":null,"isBase64Encoded":false}""";

    /** Loaded, not initialised: the pool's own start initialises them on the warm-up's thread. */
    private static final List<String> POOL_CLASSES = List.of(
            "com.zaxxer.hikari.HikariDataSource",
            "com.zaxxer.hikari.pool.HikariPool",
            "com.zaxxer.hikari.pool.PoolEntry",
            "com.zaxxer.hikari.pool.ProxyConnection",
            "com.zaxxer.hikari.pool.HikariProxyConnection",
            "com.zaxxer.hikari.pool.HikariProxyPreparedStatement",
            "com.zaxxer.hikari.pool.HikariProxyResultSet",
            "com.zaxxer.hikari.util.ConcurrentBag",
            "org.postgresql.core.v3.ConnectionFactoryImpl",
            "org.postgresql.core.v3.QueryExecutorImpl",
            "org.postgresql.jdbc.PgConnection",
            "org.postgresql.jdbc.PgPreparedStatement",
            "org.postgresql.jdbc.PgResultSet",
            "org.postgresql.core.PGStream",
            "org.postgresql.core.Parser",
            "org.jdbi.v3.core.statement.Query",
            "org.jdbi.v3.core.statement.StatementContext");

    private interface Step {
        void run() throws Exception;
    }

    private static void step(Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            // skipped: the request path meets it on its own
        }
    }
}
