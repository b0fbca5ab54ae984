package com.storepulse.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.ApiKeys;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import com.storepulse.local.LocalStack;
import com.storepulse.local.LocalStackConfig;
import com.storepulse.webhooks.WebhookKeys;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * wrk against the local stack's HTTP front door (issue 15): reads (customer lists and details with
 * an API key), signed webhook deliveries (each its own event id), the public status page (HTML and
 * JSON), and the rate limit (a key with the default limit, driven past it). Prints throughput,
 * p50/p90/p99 and every status seen per scenario, and what a 429 looks like (Retry-After,
 * Content-Type, body). Method and figures: bench/README.md, "Load (wrk)".
 *
 * <p>The stack runs in this JVM: {@code DATABASE_URL} / {@code REDIS_URL} if set (an empty
 * database: the demo data is loaded), else embedded servers. Without wrk on the PATH it prints
 * that it skipped and exits 0.
 *
 * <p>Options: {@code --duration 20} (seconds per scenario), {@code --threads 2}, {@code
 * --connections 8}, {@code --only reads,webhooks,status,status-json,rate-limit}.
 */
public final class WrkLoadBench {

    private static final PrintStream OUT = System.err;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Result(
            String scenario,
            String what,
            int connections,
            double seconds,
            long requests,
            Map<Integer, Long> statuses,
            long duplicates,
            String errors,
            Map<String, Double> latencyMs,
            String first429) {

        double throughput() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int duration = Integer.parseInt(options.getOrDefault("duration", "20"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "8"));
        List<String> only = List.of(options.getOrDefault("only", "reads,webhooks,status,status-json,rate-limit")
                .split(","));
        String wrk = findWrk();
        if (wrk == null) {
            OUT.println("wrk not found on the PATH: the load bench is skipped (install it: apt-get install wrk)");
            return;
        }

        Path dir = Files.createTempDirectory("storepulse-load");
        for (String script : List.of("statuses.lua", "get.lua", "webhooks.lua")) {
            try (InputStream in = WrkLoadBench.class.getResourceAsStream("/load/" + script)) {
                Files.copy(in, dir.resolve(script));
            }
        }
        String adminKey = "bench-admin-" + UUID.randomUUID() + UUID.randomUUID();
        System.setProperty("STOREPULSE_ADMIN_API_KEY", adminKey);
        String webhookSecret = WebhookKeys.newSecret();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PORT", "0");
        settings.put("STOREPULSE_DEMO_WEBHOOK_SECRET", webhookSecret);
        settings.put("USAGE_FLUSH_SCHEDULE", "PT1M");
        for (String name : List.of("DATABASE_URL", "REDIS_URL")) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                settings.put(name, value);
            }
        }
        long startedAt = System.nanoTime();
        try (LocalStack stack = LocalStack.builder(LocalStackConfig.from(Settings.of(settings)))
                .output(new PrintStream(new ByteArrayOutputStream() {
                    @Override
                    public synchronized void write(byte[] b, int off, int len) {
                        // the stack's request lines: not kept (millions of them)
                    }
                }))
                .start()) {
            OUT.printf(
                    "local stack up in %.1f s at %s (PostgreSQL: %s, Redis: %s); wrk -t%d -c%d, %d s per scenario%n",
                    (System.nanoTime() - startedAt) / 1e9,
                    stack.baseUri(),
                    settings.containsKey("DATABASE_URL") ? "DATABASE_URL" : "embedded",
                    settings.containsKey("REDIS_URL") ? "REDIS_URL" : "embedded",
                    threads,
                    connections,
                    duration);
            URI base = stack.baseUri();
            String readKey = stack.demoApiKey();
            // The read scenario measures the stack, not the limit: the demo key gets a limit it never meets.
            stack.database()
                    .jdbi()
                    .useHandle(h -> h.createUpdate(
                                    "UPDATE api_key SET rate_limit_per_minute = 100000000, rate_limit_burst = 1000000"
                                            + " WHERE key_hash = :hash")
                            .bind("hash", ApiKeys.hash(readKey))
                            .execute());
            long tenant = stack.database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT tenant_id FROM tenant WHERE slug = 'demo'")
                            .mapTo(Long.class)
                            .one());
            long store = stack.database()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT store_id FROM store WHERE tenant_id = :t ORDER BY store_id LIMIT 1")
                            .bind("t", tenant)
                            .mapTo(Long.class)
                            .one());
            String currency = stack.database()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT currency FROM store WHERE store_id = :s")
                            .bind("s", store)
                            .mapTo(String.class)
                            .one());

            // Reads: half list pages (three sorts and an archetype filter), half details of 100 customers.
            JsonNode page = Json.mapper().readTree(get(base, "/v1/stores/" + store + "/customers?limit=100", readKey));
            List<String> reads = new ArrayList<>();
            List<String> lists = List.of(
                    "/v1/stores/" + store + "/customers?limit=20",
                    "/v1/stores/" + store + "/customers?limit=20&sort=-ltv",
                    "/v1/stores/" + store + "/customers?limit=20&sort=-churnRisk",
                    "/v1/stores/" + store + "/customers?limit=20&archetype=at_risk");
            for (JsonNode item : page.path("items")) {
                reads.add("/v1/stores/" + store + "/customers/"
                        + item.path("customerId").asText());
                reads.add(lists.get(reads.size() % lists.size()));
            }
            Path readPaths = dir.resolve("reads.txt");
            Files.write(readPaths, reads);
            Path statusHtml = dir.resolve("status.txt");
            Files.write(statusHtml, List.of("/status"));
            Path statusJson = dir.resolve("status-json.txt");
            Files.write(statusJson, List.of("/status.json"));

            // A key with the default limit (600 a minute, bursts of 100), for the 429 scenario.
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/v1/admin/tenants/" + tenant + "/api-keys"))
                            .header("x-api-key", adminKey)
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"name\":\"load bench default limit\",\"scopes\":[\"customers:read\",\"stores:read\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating the default-limit key: " + created.statusCode());
            }
            String limitedKey =
                    Json.mapper().readTree(created.body()).path("key").asText();

            // Warm-up: every path once, and 200 deliveries (their events are not in the run's file).
            for (String path : reads) {
                get(base, path, readKey);
            }
            byte[] hmacKey = Base64.getDecoder().decode(webhookSecret.substring("whsec_".length()));
            for (int i = 0; i < 200; i++) {
                deliver(base, hmacKey, "warm-" + i, order("warm-" + i, i, currency));
            }

            List<Result> results = new ArrayList<>();
            for (String scenario : only) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("LOAD_DIR", dir.toString());
                env.put("LOAD_THREADS", Integer.toString(threads));
                String script = "get.lua";
                String what;
                int c = connections;
                switch (scenario) {
                    case "reads" -> {
                        env.put("LOAD_PATHS", readPaths.toString());
                        env.put("LOAD_API_KEY", readKey);
                        what = "GET customer list pages and details (API key, limit not reached)";
                    }
                    case "webhooks" -> {
                        // Signed now (the 5-minute tolerance), more than the run can send.
                        Path requests = dir.resolve("webhooks.txt");
                        writeSignedDeliveries(requests, hmacKey, currency, 40_000);
                        env.put("LOAD_REQUESTS", requests.toString());
                        env.put("LOAD_PATH", "/v1/webhooks/demo");
                        script = "webhooks.lua";
                        what = "POST /v1/webhooks/demo, Standard Webhooks v1, a new event id each";
                    }
                    case "status" -> {
                        env.put("LOAD_PATHS", statusHtml.toString());
                        what = "GET /status (HTML, no key)";
                    }
                    case "status-json" -> {
                        env.put("LOAD_PATHS", statusJson.toString());
                        what = "GET /status.json (no key)";
                    }
                    case "rate-limit" -> {
                        env.put("LOAD_PATHS", readPaths.toString());
                        env.put("LOAD_API_KEY", limitedKey);
                        what = "the reads with a key of the default limit (600/min, burst 100)";
                    }
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
                Result result = run(wrk, scenario, what, threads, c, duration, base, dir.resolve(script), env);
                results.add(result);
                print(result);
                if (scenario.equals("webhooks")) {
                    long stored = stack.database()
                            .jdbi()
                            .withHandle(h -> h.createQuery(
                                            "SELECT count(*) FROM webhook_event WHERE external_event_id LIKE 'load-%'")
                                    .mapTo(Long.class)
                                    .one());
                    OUT.printf("   webhook events stored: %d (2xx answered: %d)%n", stored, twoHundreds(result));
                }
            }
            OUT.println();
            OUT.println("| scenario | requests/s | p50 | p90 | p99 | statuses | note |");
            OUT.println("|---|---|---|---|---|---|---|");
            for (Result r : results) {
                OUT.printf(
                        "| %s | %.0f | %.2f ms | %.2f ms | %.2f ms | %s | %s |%n",
                        r.scenario(),
                        r.throughput(),
                        r.latencyMs().getOrDefault("p50", Double.NaN),
                        r.latencyMs().getOrDefault("p90", Double.NaN),
                        r.latencyMs().getOrDefault("p99", Double.NaN),
                        r.statuses(),
                        r.first429() == null ? r.errors() : "first 429: " + r.first429());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long twoHundreds(Result result) {
        return result.statuses().entrySet().stream()
                .filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static void print(Result r) {
        OUT.printf(
                "%s: %s%n   %d requests in %.1f s: %.0f requests/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                        + " p99.9 %.2f ms; statuses %s; %s%s%s%n",
                r.scenario(),
                r.what(),
                r.requests(),
                r.seconds(),
                r.throughput(),
                r.latencyMs().getOrDefault("p50", Double.NaN),
                r.latencyMs().getOrDefault("p90", Double.NaN),
                r.latencyMs().getOrDefault("p99", Double.NaN),
                r.latencyMs().getOrDefault("p99.9", Double.NaN),
                r.statuses(),
                r.errors(),
                r.duplicates() > 0 ? "; Webhook-Duplicate answers " + r.duplicates() : "",
                r.first429() == null ? "" : "\n   first 429: " + r.first429());
    }

    private static Result run(
            String wrk,
            String scenario,
            String what,
            int threads,
            int connections,
            int duration,
            URI base,
            Path script,
            Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        wrk,
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + duration + "s",
                        "--timeout",
                        "10s",
                        "-s",
                        script.toString(),
                        base.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Double> latency = new LinkedHashMap<>();
        long requests = 0;
        double seconds = duration;
        long duplicates = 0;
        String errors = "";
        String first429 = null;
        List<String> other = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("LOAD ")) {
                    other.add(line);
                    continue;
                }
                String[] f = line.substring(5).split(" ", 2);
                switch (f[0]) {
                    case "status" -> {
                        String[] v = f[1].split(" ");
                        statuses.put(Integer.parseInt(v[0]), Long.parseLong(v[1]));
                    }
                    case "duplicates" -> duplicates = Long.parseLong(f[1].trim());
                    case "errors" -> errors = "socket errors: " + f[1];
                    case "latency" -> {
                        String[] v = f[1].split(" ");
                        latency.put(v[0], Double.parseDouble(v[1]));
                    }
                    case "requests" -> {
                        String[] v = f[1].split(" ");
                        requests = Long.parseLong(v[0]);
                        seconds = Double.parseDouble(v[2]);
                    }
                    case "first429" -> first429 = f[1].replace('\t', ' ');
                    default -> other.add(line);
                }
            }
        }
        if (!process.waitFor(duration + 60L, TimeUnit.SECONDS) || process.exitValue() != 0 || requests == 0) {
            throw new IllegalStateException("wrk failed for " + scenario + ": " + String.join("\n", other));
        }
        return new Result(
                scenario, what, connections, seconds, requests, statuses, duplicates, errors, latency, first429);
    }

    private static void writeSignedDeliveries(Path file, byte[] hmacKey, String currency, int count)
            throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String id = "load-" + run + "-" + i;
                String body = order(id, i, currency);
                out.write(id + "\t" + timestamp + "\tv1," + sign(hmacKey, id + "." + timestamp + "." + body) + "\t"
                        + body + "\n");
            }
        }
    }

    /** An order.created for one of 1,000 customers (orders spread over a store of real size). */
    private static String order(String id, int n, String currency) {
        String at =
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
        return "{\"type\":\"order.created\",\"timestamp\":\"" + at + "\",\"data\":{\"id\":\"o-" + id
                + "\",\"customerId\":\"load-c-" + (n % 1_000) + "\",\"orderedAt\":\"" + at + "\",\"totalAmount\":\""
                + BigDecimal.valueOf(100 + (n * 7919L) % 90_000, 2).toPlainString() + "\",\"currency\":\"" + currency
                + "\",\"kind\":\"order\",\"updatedAt\":\"" + at + "\"}}";
    }

    private static void deliver(URI base, byte[] hmacKey, String id, String body)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/v1/webhooks/demo"))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", "v1," + sign(hmacKey, id + "." + timestamp + "." + body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("warm-up delivery: " + answer.statusCode() + " " + answer.body());
        }
    }

    private static String sign(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(URI base, String path, String key) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("x-api-key", key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private static String findWrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
