package com.storepulse.bench.alerts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.alerts.AlertDelivery;
import com.storepulse.alerts.AlertFanout;
import com.storepulse.alerts.AlertParser;
import com.storepulse.alerts.AlertRouting;
import com.storepulse.alerts.AlertSilences;
import com.storepulse.alerts.AlertStore;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.SlackMessages;
import com.storepulse.alerts.SlackWebhookClient;
import com.storepulse.config.Settings;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The alert fan-out's figures for issue 13, each with its baseline from the same run
 * (bench/README.md, "Alert fan-out"):
 *
 * <ol>
 *   <li><b>Event to Slack POST</b>: from handing an SNS event's bytes to the fan-out (parse, record,
 *       group, render, pace, post) to the Slack stand-in receiving the POST, on the real
 *       PostgreSQL; each alarm routed to a webhook of its own so Slack's one-a-second pace does
 *       not enter. Baseline: the bare POST of the same body through the same HTTP client.</li>
 *   <li><b>A burst of 200 alarm notifications</b> (16 at a time, P0/P1/P2 mixed, 50 flapping) with
 *       the production windows (group interval 30 s): messages per webhook and the wall time.</li>
 *   <li><b>The status page under load</b>: 8 callers for 15 s through the real customer-api
 *       handler, {@code GET /status} and {@code GET /status.json}; baseline {@code GET /health}
 *       under the same load.</li>
 * </ol>
 *
 * <pre>
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test sp-bench java -cp "$CP" com.storepulse.bench.alerts.AlertFanoutBench
 * </pre>
 * Results on stderr.
 */
public final class AlertFanoutBench {

    private static final PrintStream OUT = System.err;
    private static final int WARMUP = 200;
    private static final int MEASURED = 1_000;

    private static final Map<String, Long> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> POSTS = new ConcurrentHashMap<>();

    private AlertFanoutBench() {}

    public static void main(String[] args) throws Exception {
        HttpServer slack = slackStandIn();
        String base = "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/";
        try {
            latency(base);
            burst(base);
            statusPage();
        } finally {
            slack.stop(0);
        }
        System.exit(0);
    }

    // ---- 1. event to Slack POST ----------------------------------------------------------------

    private static void latency(String base) throws Exception {
        int total = WARMUP + MEASURED;
        Map<String, Optional<String>> webhooks = new LinkedHashMap<>();
        List<AlertRouting.Route> routes = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < total; i++) {
            webhooks.put("w" + i, Optional.of(base + "lat-" + run + "-" + i));
            routes.add(new AlertRouting.Route(Set.of(), Optional.of("bench-" + run + "-" + i), List.of("w" + i)));
        }
        AlertRouting routing = new AlertRouting(webhooks, routes, Map.of(), Severity.P1);
        AlertFanout fanout = fanout(routing, Duration.ofSeconds(30));
        AlertParser parser = new AlertParser(routing);
        long[] fanoutNanos = new long[MEASURED];
        for (int i = 0; i < total; i++) {
            byte[] event = alarmEvent(run + "-m" + i, "bench-" + run + "-" + i, "ALARM", "OK");
            long start = System.nanoTime();
            fanout.handle(parser.parse(event), Instant.now().plusSeconds(30));
            Long received = RECEIVED.get("/services/lat-" + run + "-" + i);
            if (received == null) {
                throw new IllegalStateException("no POST for alarm " + i);
            }
            if (i >= WARMUP) {
                fanoutNanos[i - WARMUP] = received - start;
            }
        }
        SlackWebhookClient client = new SlackWebhookClient();
        String body = "{\"text\":\"baseline\",\"attachments\":[{\"color\":\"#E01E5A\",\"blocks\":[]}]}";
        long[] bareNanos = new long[MEASURED];
        for (int i = 0; i < total; i++) {
            String path = "bare-" + run + "-" + i;
            long start = System.nanoTime();
            client.post(base + path, body, Duration.ofSeconds(5));
            if (i >= WARMUP) {
                bareNanos[i - WARMUP] = RECEIVED.get("/services/" + path) - start;
            }
        }
        client.close();
        OUT.println(line("event to Slack POST (fan-out, real PostgreSQL)", fanoutNanos)
                + "; baseline, bare POST through the same client: " + percentiles(bareNanos));
    }

    // ---- 2. a burst of 200 -----------------------------------------------------------------------

    private static void burst(String base) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, Optional<String>> webhooks = new LinkedHashMap<>();
        webhooks.put("alerts", Optional.of(base + "burst-" + run + "-alerts"));
        webhooks.put("oncall", Optional.of(base + "burst-" + run + "-oncall"));
        AlertRouting routing = new AlertRouting(
                webhooks,
                List.of(
                        new AlertRouting.Route(Set.of(Severity.P0), Optional.empty(), List.of("alerts", "oncall")),
                        new AlertRouting.Route(Set.of(), Optional.empty(), List.of("alerts"))),
                Map.of(),
                Severity.P1);
        AlertRouting.Windows windows = AlertRouting.Windows.from(Settings.of(Map.of()));
        AlertFanout fanout = fanout(routing, windows.groupInterval());
        AlertParser parser = new AlertParser(routing);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        List<Future<AlertFanout.Report>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = switch (i % 4) {
                case 0 -> "storepulse-" + run + "-health-canary";
                case 1 -> "storepulse-" + run + "-cache-errors-" + (i % 20);
                default -> run + "-alarm-" + (i % 50);
            };
            byte[] event = alarmEvent(run + "-b" + i, name, i % 3 == 0 ? "OK" : "ALARM", i % 3 == 0 ? "ALARM" : "OK");
            results.add(pool.submit(
                    () -> fanout.handle(parser.parse(event), Instant.now().plusSeconds(55))));
        }
        int notices = 0;
        for (Future<AlertFanout.Report> r : results) {
            notices += r.get().notices();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        OUT.printf(
                Locale.ROOT,
                "burst of %d alarm notifications, 16 at a time, group interval %d s: %d messages to 'alerts', %d to"
                        + " 'oncall' (P0) in %.1f s; without grouping: one message per notification (200, +50 P0 copies)%n",
                notices,
                windows.groupInterval().toSeconds(),
                POSTS.getOrDefault("/services/burst-" + run + "-alerts", new AtomicInteger())
                        .get(),
                POSTS.getOrDefault("/services/burst-" + run + "-oncall", new AtomicInteger())
                        .get(),
                wall / 1e9);
    }

    // ---- 3. the status page under load -------------------------------------------------------------

    private static void statusPage() throws Exception {
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        CustomerApiHandler handler = new CustomerApiHandler();
        for (String path : List.of("/health", "/status", "/status.json")) {
            for (int i = 0; i < 300; i++) {
                call(handler, path);
            }
        }
        for (String path : List.of("/health", "/status", "/status.json", "/health")) {
            OUT.println(line("GET " + path + ", 8 callers for 15 s (in process, real handler)", load(handler, path)));
        }
        handler.close();
    }

    private static long[] load(CustomerApiHandler handler, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Future<long[]>> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            callers.add(pool.submit(() -> {
                long[] samples = new long[2_000_000];
                int n = 0;
                while (System.nanoTime() < end && n < samples.length) {
                    long start = System.nanoTime();
                    call(handler, path);
                    samples[n++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : callers) {
            parts.add(f.get());
        }
        pool.shutdown();
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static void call(CustomerApiHandler handler, String path) {
        int status = handler.handleRequest(
                        new APIGatewayProxyRequestEvent()
                                .withHttpMethod("GET")
                                .withResource(path)
                                .withPath(path)
                                .withHeaders(Map.of("User-Agent", "bench")),
                        LambdaContextStandIn.fromEnvironment(Map.of()))
                .getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("GET " + path + " answered " + status);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static AlertFanout fanout(AlertRouting routing, Duration groupInterval) {
        AlertStore store = new AlertStore(TestDatabase.shared().jdbi());
        AlertDelivery delivery = new AlertDelivery(
                store,
                routing,
                Settings.of(Map.of()),
                new SlackWebhookClient(),
                Optional.empty(),
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
        return new AlertFanout(
                store,
                routing,
                new AlertRouting.Windows(groupInterval, Duration.ofHours(4)),
                new AlertSilences(TestDatabase.shared().jdbi(), List.of()),
                new SlackMessages(Optional.of("https://example.test/docs/operations/runbook.md")),
                delivery,
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
    }

    private static HttpServer slackStandIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/services/", exchange -> {
            long now = System.nanoTime();
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            RECEIVED.putIfAbsent(path, now);
            POSTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
        return server;
    }

    static byte[] alarmEvent(String messageId, String alarmName, String newState, String oldState) {
        String message = "{\"AlarmName\":\"" + alarmName
                + "\",\"AlarmDescription\":\"bench. Runbook docs/operations/runbook.md#api-errors\","
                + "\"AWSAccountId\":\"123456789012\",\"NewStateValue\":\"" + newState + "\","
                + "\"NewStateReason\":\"Threshold Crossed: 3 out of the last 5 datapoints were greater than or equal to the threshold (5.0).\","
                + "\"StateChangeTime\":\"2026-12-07T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\","
                + "\"AlarmArn\":\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + alarmName + "\","
                + "\"OldStateValue\":\"" + oldState
                + "\",\"Trigger\":{\"MetricName\":\"Errors\",\"Namespace\":\"AWS/Lambda\","
                + "\"Statistic\":\"SUM\",\"Dimensions\":[{\"value\":\"storepulse-bench\",\"name\":\"FunctionName\"}],"
                + "\"Period\":60,\"EvaluationPeriods\":5,\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\",\"Threshold\":5.0}}";
        return ("{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"" + messageId
                        + "\",\"TopicArn\":\"arn:aws:sns:eu-west-1:123456789012:storepulse-bench-alerts\",\"Message\":"
                        + Json.write(message) + "}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String line(String what, long[] nanos) {
        return what + ": " + percentiles(nanos) + " (" + nanos.length + " samples)";
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
