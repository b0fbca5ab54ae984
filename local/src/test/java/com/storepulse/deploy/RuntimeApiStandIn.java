package com.storepulse.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The Lambda Runtime API (2018-06-01) as the runtime interface client sees it: the endpoints a
 * function's runtime calls during init, SnapStart's checkpoint and restore, and each invocation.
 * One event is handed out per {@link #invoke}; a further {@code next} waits, as on Lambda, until
 * the next event or until the stand-in closes.
 */
final class RuntimeApiStandIn implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    /** What the runtime reported: an invocation's response or error, an init or restore error. */
    record Report(Kind kind, String requestId, String body, String errorType) {
        enum Kind {
            RESPONSE,
            ERROR,
            INIT_ERROR,
            RESTORE_ERROR
        }
    }

    private record Invocation(String requestId, byte[] event, long deadlineMs) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private volatile boolean restored;

    RuntimeApiStandIn(String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(BASE, this::handle);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whether the runtime asked for its restore (SnapStart: the checkpoint hooks have run). */
    boolean restored() {
        return restored;
    }

    /**
     * Hands {@code event} to the runtime's next {@code invocation/next} and waits for what the
     * runtime reports about it (or an init error). Empty if nothing came within {@code timeout},
     * or once {@code alive} says the runtime's process has ended.
     */
    Optional<Report> invoke(byte[] event, Duration timeout, Duration functionTimeout, BooleanSupplier alive)
            throws InterruptedException {
        Invocation invocation = new Invocation(
                UUID.randomUUID().toString(), event, System.currentTimeMillis() + functionTimeout.toMillis());
        pending.put(invocation);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = alive.getAsBoolean();
            Report report = reports.poll(500, TimeUnit.MILLISECONDS);
            if (report != null
                    && (report.requestId() == null || report.requestId().equals(invocation.requestId()))) {
                return Optional.of(report);
            }
            if (report == null && !running) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            byte[] body = readAll(exchange.getRequestBody());
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                restored = true;
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("POST") && path.equals("init/error")) {
                report(exchange, new Report(Report.Kind.INIT_ERROR, null, text(body), errorType));
            } else if (method.equals("POST") && path.equals("restore/error")) {
                report(exchange, new Report(Report.Kind.RESTORE_ERROR, null, text(body), errorType));
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                String id = path.substring("invocation/".length(), path.length() - "/response".length());
                report(exchange, new Report(Report.Kind.RESPONSE, id, text(body), null));
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                String id = path.substring("invocation/".length(), path.length() - "/error".length());
                report(exchange, new Report(Report.Kind.ERROR, id, text(body), errorType));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            // The stand-in is closing; the runtime's process is being stopped.
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add(
                "Lambda-Runtime-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void report(HttpExchange exchange, Report report) throws IOException {
        reports.add(report);
        byte[] accepted = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(202, accepted.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(accepted);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
