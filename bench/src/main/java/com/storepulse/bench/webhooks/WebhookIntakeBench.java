package com.storepulse.bench.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.NoCache;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.ingest.AfterApply;
import com.storepulse.ingest.ChangeApplier;
import com.storepulse.ingest.OrderChange;
import com.storepulse.ingest.OrderKind;
import com.storepulse.local.LocalStack;
import com.storepulse.local.LocalStackConfig;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.webhookintake.WebhookIntakeBeans;
import com.storepulse.webhookintake.WebhookIntakeRoutes;
import com.storepulse.webhooks.EventSchemas;
import com.storepulse.webhooks.SignatureVerifier;
import com.storepulse.webhooks.SignedRequest;
import com.storepulse.webhooks.SigningKey;
import com.storepulse.webhooks.WebhookIntake;
import com.storepulse.webhooks.WebhookKeys;
import com.storepulse.webhooks.WebhookScheme;
import com.storepulse.webhooks.WebhookSources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook intake's figures (bench/README.md, "Webhook intake"), one JVM, one caller at a time:
 *
 * <ol>
 *   <li>verification alone, per scheme (Standard Webhooks v1 HMAC and v1a Ed25519, Shopify, Stripe),
 *       beside the bare HMAC-SHA256 of the same content (the floor);
 *   <li>in process on a warm function: the handler's exchange and route table with API Gateway
 *       events, verify + parse + validate + record + apply, without and with the incremental
 *       rescoring of the customer, beside the bare {@link ChangeApplier} upsert (the floor);
 *   <li>through the local stack's HTTP front door, beside {@code GET /health} through the same door.
 * </ol>
 *
 * <pre>
 *   createdb -h 127.0.0.1 -U root sp_bench_webhooks
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/sp_bench_webhooks java -cp ... com.storepulse.bench.webhooks.WebhookIntakeBench
 * </pre>
 * It migrates the database, creates its own tenant, store and sources, and leaves them. Results on
 * stderr.
 */
public final class WebhookIntakeBench {

    private static final PrintStream OUT = System.err;
    private static final int VERIFY_WARMUP = 20_000;
    private static final int VERIFY_ITERATIONS = 50_000;
    private static final int WARMUP = 1_000;
    private static final int ITERATIONS = 3_000;
    private static final int CUSTOMERS = 1_000;

    private final Database database;
    private final String dataKey = SecretBox.newKey();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private long storeId;
    private String sourceId;
    private String secret;
    private int sequence;

    private WebhookIntakeBench(Database database) {
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("DATABASE_URL");
        if (url == null) {
            throw new IllegalStateException("set DATABASE_URL to an empty (or earlier bench) database");
        }
        try (Database database =
                new Database(DatabaseSettings.parse(url, 4, Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
            Migrations.migrate(database.dataSource());
            WebhookIntakeBench bench = new WebhookIntakeBench(database);
            OUT.println("webhook bench " + Instant.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
            bench.verification();
            bench.inProcess();
            bench.frontDoor(url);
        }
    }

    // ---- 1. verification alone ------------------------------------------------------------------

    private void verification() throws Exception {
        SignatureVerifier verifier = new SignatureVerifier(Duration.ofMinutes(5));
        String body = orderBody("o-verify", "c-verify", "129.90", Instant.now());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String whsec = WebhookKeys.newSecret();
        SigningKey hmacKey = new SigningKey(1, SigningKey.Kind.HMAC, whsec.getBytes(StandardCharsets.UTF_8));
        byte[] rawKey = WebhookKeys.hmacKey(WebhookScheme.STANDARD_WEBHOOKS, whsec.getBytes(StandardCharsets.UTF_8));
        String v1 = "v1," + Base64.getEncoder().encodeToString(hmac(rawKey, "msg_1." + ts + "." + body));
        SignedRequest standard = new SignedRequest(standardHeaders("msg_1", ts, v1), bytes);

        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = pair.getPublic().getEncoded();
        SigningKey edKey = new SigningKey(
                2, SigningKey.Kind.ED25519, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(("msg_1." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
        SignedRequest ed = new SignedRequest(
                standardHeaders("msg_1", ts, "v1a," + Base64.getEncoder().encodeToString(signer.sign())), bytes);

        SignedRequest shopify = new SignedRequest(
                Map.of(
                        "X-Shopify-Hmac-Sha256",
                        Base64.getEncoder().encodeToString(hmac(whsec.getBytes(StandardCharsets.UTF_8), body)),
                        "X-Shopify-Webhook-Id",
                        "sh-1"),
                bytes);
        SignedRequest stripe = new SignedRequest(
                Map.of(
                        "Stripe-Signature",
                        "t=" + ts + ",v1="
                                + HexFormat.of()
                                        .formatHex(hmac(whsec.getBytes(StandardCharsets.UTF_8), ts + "." + body))),
                bytes);

        OUT.println("1. verification alone (" + VERIFY_ITERATIONS + " calls each after " + VERIFY_WARMUP + ", body "
                + bytes.length + " bytes)");
        time(
                "   bare HMAC-SHA256 of id.ts.body (floor)",
                VERIFY_WARMUP,
                VERIFY_ITERATIONS,
                i -> hmac(rawKey, "msg_1." + ts + "." + body));
        Instant now = Instant.now();
        time(
                "   standard-webhooks v1 (HMAC)",
                VERIFY_WARMUP,
                VERIFY_ITERATIONS,
                i -> verifier.verify(WebhookScheme.STANDARD_WEBHOOKS, standard, List.of(hmacKey), now));
        time(
                "   standard-webhooks v1a (Ed25519)",
                VERIFY_WARMUP / 10,
                VERIFY_ITERATIONS / 10,
                i -> verifier.verify(WebhookScheme.STANDARD_WEBHOOKS, ed, List.of(edKey), now));
        time(
                "   shopify",
                VERIFY_WARMUP,
                VERIFY_ITERATIONS,
                i -> verifier.verify(WebhookScheme.SHOPIFY, shopify, List.of(hmacKey), now));
        time(
                "   stripe",
                VERIFY_WARMUP,
                VERIFY_ITERATIONS,
                i -> verifier.verify(WebhookScheme.STRIPE, stripe, List.of(hmacKey), now));
    }

    // ---- 2. in process ----------------------------------------------------------------------------

    private void inProcess() throws InterruptedException {
        setUpStore();
        Settings settings = Settings.of(Map.of(SecretBox.KEY_SETTING, dataKey));
        ApiGatewayExchange exchange = new ApiGatewayExchange(new InvocationScope(PowertoolsMetricsRecorder.create(
                Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseBench")),
                "webhook-intake")));
        WebhookIntake withoutRescoring = new WebhookIntake(
                database.jdbi(),
                new WebhookSources(database.jdbi(), SecretBox.fromSettings(settings), Clock.systemUTC()),
                new SignatureVerifier(Duration.ofMinutes(5)),
                EventSchemas.load(),
                AfterApply.NONE,
                MetricsRecorder.NOOP,
                Clock.systemUTC(),
                Duration.ofDays(30));
        WebhookIntakeRoutes bare = new WebhookIntakeRoutes(withoutRescoring);
        WebhookIntakeRoutes full = new WebhookIntakeRoutes(WebhookIntakeBeans.create(
                database, settings, new NoCache(new CacheKeys("sp-bench:")), MetricsRecorder.NOOP, Clock.systemUTC()));

        // seed: customers with an order each, then a full fit so later rescoring is incremental
        for (int c = 0; c < CUSTOMERS; c++) {
            expectOk(exchange.handle(null, event(customerBody("c-" + c, Instant.now())), bare::route));
            expectOk(exchange.handle(
                    null, event(orderBody("seed-" + c, "c-" + c, "50.00", Instant.now())), bare::route));
        }
        new StoreScoringService(database.jdbi(), com.storepulse.cache.CacheInvalidation.NONE)
                .rescoreStore(storeId, Instant.now(), true);

        OUT.println("2. in process, warm, API Gateway events through the handler's exchange and routes ("
                + ITERATIONS + " events after " + WARMUP
                + "; 60% order.created, 30% customer.updated, 10% order.refunded;"
                + " store of " + CUSTOMERS + " customers)");
        ChangeApplier applier = new ChangeApplier();
        time(
                "   bare ChangeApplier upsert of an order, own transaction (floor)",
                WARMUP,
                ITERATIONS,
                i -> database.jdbi()
                        .useTransaction(h -> applier.apply(
                                h,
                                storeId,
                                new OrderChange(
                                        "floor-" + run + "-" + i,
                                        "c-" + (i % CUSTOMERS),
                                        Instant.now(),
                                        new BigDecimal("12.50"),
                                        "USD",
                                        OrderKind.ORDER,
                                        Instant.now()),
                                f -> f)));
        timeThroughput("   verify + parse + validate + record + apply (no rescoring)", exchange, bare);
        timeThroughput("   ... + incremental rescoring of the customer (the function as deployed)", exchange, full);
        for (int threads : new int[] {2, 4}) {
            concurrentThroughput("   verify + apply, no rescoring, " + threads + " callers", exchange, bare, threads);
            concurrentThroughput("   the function as deployed, " + threads + " callers", exchange, full, threads);
        }
    }

    /** {@code threads} callers at once, each its own events; events per second of wall time. */
    private void concurrentThroughput(
            String label, ApiGatewayExchange exchange, WebhookIntakeRoutes routes, int threads)
            throws InterruptedException {
        int perThread = ITERATIONS / threads;
        APIGatewayProxyRequestEvent[][] events = new APIGatewayProxyRequestEvent[threads][perThread];
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                events[t][i] = event(mixedBody(sequence));
            }
        }
        Thread[] callers = new Thread[threads];
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            APIGatewayProxyRequestEvent[] mine = events[t];
            callers[t] = Thread.ofPlatform().start(() -> {
                for (APIGatewayProxyRequestEvent event : mine) {
                    expectOk(exchange.handle(null, event, routes::route));
                }
            });
        }
        for (Thread caller : callers) {
            caller.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        OUT.printf(
                Locale.ROOT,
                "%-75s %d events in %.2f s: %.0f events/s%n",
                label,
                threads * perThread,
                seconds,
                threads * perThread / seconds);
    }

    private void timeThroughput(String label, ApiGatewayExchange exchange, WebhookIntakeRoutes routes) {
        APIGatewayProxyRequestEvent[] events = new APIGatewayProxyRequestEvent[WARMUP + ITERATIONS];
        for (int i = 0; i < events.length; i++) {
            events[i] = event(mixedBody(sequence));
        }
        long started = System.nanoTime();
        long[] nanos = time(label, WARMUP, ITERATIONS, i -> expectOk(exchange.handle(null, events[i], routes::route)));
        double seconds = Arrays.stream(nanos).sum() / 1e9;
        OUT.printf(
                Locale.ROOT,
                "      throughput %.0f events/s (timed part), wall %.1f s%n",
                ITERATIONS / seconds,
                (System.nanoTime() - started) / 1e9);
    }

    // ---- 3. HTTP front door ------------------------------------------------------------------------

    private void frontDoor(String url) throws Exception {
        System.setProperty(SecretBox.KEY_SETTING, dataKey);
        LocalStack stack = LocalStack.builder(LocalStackConfig.from(Settings.of(
                        Map.of("PORT", "0", "DATABASE_URL", url, "EMBEDDED_REDIS", "false", "DEMO_DATA", "false"))))
                .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create(stack.baseUri() + "/health");
            URI receive = URI.create(stack.baseUri() + "/v1/webhooks/" + sourceId);
            OUT.println("3. through the local stack's HTTP front door (java.net.http client, one connection at a time; "
                    + ITERATIONS + " calls after " + WARMUP + ")");
            time("   GET /health through the same door (floor)", WARMUP, ITERATIONS, i -> {
                try {
                    http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            time("   POST /v1/webhooks/{sourceId} (with rescoring)", WARMUP, ITERATIONS, i -> {
                String body = mixedBody(1_000_000 + i);
                String id = "http-" + run + "-" + i;
                long ts = Instant.now().getEpochSecond();
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(receive).POST(HttpRequest.BodyPublishers.ofString(body));
                standardHeaders(id, ts, sign(id, ts, body)).forEach(request::header);
                try {
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            stack.close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private void setUpStore() {
        storeId = database.jdbi().withHandle(h -> {
            long tenant = h.createQuery("INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                    .bind("s", "bench-wh-" + run)
                    .mapTo(Long.class)
                    .one();
            return h.createQuery(
                            "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'Bench', 'USD') RETURNING store_id")
                    .bind("t", tenant)
                    .mapTo(Long.class)
                    .one();
        });
        long tenant = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT tenant_id FROM store WHERE store_id = :s")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
        WebhookSources.Registered registered = new WebhookSources(
                        database.jdbi(),
                        SecretBox.fromSettings(Settings.of(Map.of(SecretBox.KEY_SETTING, dataKey))),
                        Clock.systemUTC())
                .register(tenant, storeId, "standard-webhooks", "bench", null, null);
        sourceId = registered.source().sourceId();
        secret = registered.secret();
    }

    private String mixedBody(int i) {
        Instant now = Instant.now();
        int kind = i % 10;
        String customer = "c-" + ((i * 7919) % CUSTOMERS);
        if (kind < 6) {
            return orderBody("o-" + run + "-" + i, customer, (10 + i % 90) + ".90", now);
        }
        if (kind < 9) {
            return customerBody(customer, now);
        }
        return "{\"type\":\"order.refunded\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"r-" + run + "-" + i
                + "\",\"customerId\":\"" + customer + "\",\"refundedAt\":\"" + now
                + "\",\"amount\":\"5.00\",\"currency\":\"USD\"}}";
    }

    private static String customerBody(String id, Instant now) {
        return "{\"type\":\"customer.updated\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"" + id
                + "\",\"email\":\"" + id
                + "@example.com\",\"firstName\":\"Bench\",\"lastName\":\"Mark\",\"updatedAt\":\""
                + now + "\"}}";
    }

    private static String orderBody(String id, String customer, String amount, Instant now) {
        return "{\"type\":\"order.created\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"" + id
                + "\",\"customerId\":\""
                + customer + "\",\"orderedAt\":\"" + now + "\",\"totalAmount\":\"" + amount
                + "\",\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"" + now + "\"}}";
    }

    private APIGatewayProxyRequestEvent event(String body) {
        String id = "msg-" + run + "-" + (sequence++);
        long ts = Instant.now().getEpochSecond();
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/v1/webhooks/{sourceId}")
                .withPath("/v1/webhooks/" + sourceId)
                .withPathParameters(Map.of("sourceId", sourceId))
                .withHeaders(standardHeaders(id, ts, sign(id, ts, body)))
                .withBody(body)
                .withIsBase64Encoded(false);
    }

    private String sign(String id, long ts, String body) {
        byte[] key = WebhookKeys.hmacKey(WebhookScheme.STANDARD_WEBHOOKS, secret.getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + ts + "." + body));
    }

    private static Map<String, String> standardHeaders(String id, long ts, String signature) {
        return Map.of(
                "Content-Type",
                "application/json",
                "webhook-id",
                id,
                "webhook-timestamp",
                Long.toString(ts),
                "webhook-signature",
                signature);
    }

    private static void expectOk(APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
        }
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Times {@code iterations} calls after {@code warmup}; prints p50, p99, max and the rate. */
    private static long[] time(String label, int warmup, int iterations, IntConsumer call) {
        for (int i = 0; i < warmup; i++) {
            call.accept(i);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            call.accept(warmup + i);
            nanos[i] = System.nanoTime() - start;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(nanos).sum() / 1e9;
        OUT.printf(
                Locale.ROOT,
                "%-75s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  %9.0f /s%n",
                label,
                sorted[iterations / 2] / 1e6,
                sorted[(int) Math.ceil(iterations * 0.99) - 1] / 1e6,
                sorted[iterations - 1] / 1e6,
                iterations / total);
        return nanos;
    }
}
