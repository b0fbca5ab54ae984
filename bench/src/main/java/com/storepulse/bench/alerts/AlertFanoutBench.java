package com.storepulse.bench.alerts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.alerts.AlertFanout;
import com.storepulse.alerts.AlertParser;
import com.storepulse.alerts.AlertRouting;
import com.storepulse.alerts.AlertSilences;
import com.storepulse.alerts.AlertStore;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.FanoutHarness;
import com.storepulse.alerts.SlackWebhookClient;
import com.storepulse.config.Settings;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.devservers.LambdaContextStandIn;
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
import java.util.Collections;
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

/**
 * The alert fan-out's figures for issue 13, each with its baseline from the same run
 * (bench/README.md, "Alert fan-out"):
 *
 * <ol>
 *   <li><b>Event to Slack POST</b>: from handing an SNS event's bytes to the fan-out (parse, record,
 *       group, render, pace, post) to the Slack stand-in receiving the POST, on the real
 *       PostgreSQL; each alarm routed to a webhook of its own so Slack's one-a-second pace does
 *       not enter. Baseline: the bare POST of the same body through the same HTTP client.</li>
 *   <li><b>A burst of 200 alarm notifications</b> ({@link FanoutHarness#burst}: 16 at a time,
 *       P0/P1/P2 mixed, 50 flapping) with the production windows (group interval 30 s): messages
 *       per webhook, their pace (the shortest gap between two to one webhook) and the wall time.</li>
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

    /** When each POST arrived (System.nanoTime), by path, in arrival order. */
    private static final Map<String, List<Long>> ARRIVALS = new ConcurrentHashMap<>();

    private AlertFanoutBench() {}

    public static void main(String[] args) throws Exception {
        HttpServer slack = slackStandIn();
        String root = "http://127.0.0.1:" + slack.getAddress().getPort();
        try {
            latency(root + "/services/");
            burst(root);
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
        AlertFanout fanout = FanoutHarness.fanout(
                new AlertStore(TestDatabase.shared().jdbi()),
                routing,
                Duration.ofSeconds(30),
                new AlertSilences(TestDatabase.shared().jdbi(), List.of()));
        AlertParser parser = new AlertParser(routing, InstantSource.system());
        long[] fanoutNanos = new long[MEASURED];
        for (int i = 0; i < total; i++) {
            byte[] event = FanoutHarness.alarmEvent(run + "-m" + i, "bench-" + run + "-" + i, "ALARM", "OK")
                    .getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            fanout.handle(parser.parse(event), Instant.now().plusSeconds(30));
            long received = firstArrival("/services/lat-" + run + "-" + i);
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
                bareNanos[i - WARMUP] = firstArrival("/services/" + path) - start;
            }
        }
        client.close();
        OUT.println(line("event to Slack POST (fan-out, real PostgreSQL)", fanoutNanos)
                + "; baseline, bare POST through the same client: " + percentiles(bareNanos));
    }

    // ---- 2. a burst of 200 -----------------------------------------------------------------------

    private static void burst(String slackRoot) throws Exception {
        // the production windows; webhooks <prefix>-alerts (everything) and <prefix>-oncall (P0 too)
        AlertRouting.Windows windows = AlertRouting.Windows.from(Settings.of(Map.of()));
        FanoutHarness h = new FanoutHarness(slackRoot, windows.groupInterval());
        long start = System.nanoTime();
        int notices = h.burst(200, 16, Duration.ofSeconds(55));
        long wall = System.nanoTime() - start;
        OUT.printf(
                Locale.ROOT,
                "burst of %d alarm notifications, 16 at a time, group interval %d s, in %.1f s; without grouping:"
                        + " one message per notification (200, +50 P0 copies)%n",
                notices,
                windows.groupInterval().toSeconds(),
                wall / 1e9);
        for (String webhook : List.of(h.alertsHook, h.oncallHook)) {
            OUT.println("  " + pace(webhook, FanoutHarness.path(webhook), start));
        }
    }

    /**
     * How many messages a webhook got and at what pace: the first one's time after the burst began,
     * the shortest gap between two consecutive arrivals (Slack's limit: one a second per webhook).
     */
    private static String pace(String webhook, String path, long burstStart) {
        List<Long> arrivals = List.copyOf(ARRIVALS.getOrDefault(path, List.of()));
        if (arrivals.isEmpty()) {
            return "'" + webhook + "': no message";
        }
        long minGap = Long.MAX_VALUE;
        for (int i = 1; i < arrivals.size(); i++) {
            minGap = Math.min(minGap, arrivals.get(i) - arrivals.get(i - 1));
        }
        return String.format(
                Locale.ROOT,
                "'%s': %d messages; first %.2f s after the burst began, last %.2f s; shortest gap between two"
                        + " messages %s",
                webhook,
                arrivals.size(),
                (arrivals.getFirst() - burstStart) / 1e9,
                (arrivals.getLast() - burstStart) / 1e9,
                arrivals.size() < 2 ? "(one message)" : String.format(Locale.ROOT, "%.3f s", minGap / 1e9));
    }

    private static long firstArrival(String path) {
        List<Long> arrivals = ARRIVALS.get(path);
        if (arrivals == null || arrivals.isEmpty()) {
            throw new IllegalStateException("no POST reached " + path);
        }
        return arrivals.getFirst();
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

    private static HttpServer slackStandIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/services/", exchange -> {
            long now = System.nanoTime();
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            ARRIVALS.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(now);
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
        return server;
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
