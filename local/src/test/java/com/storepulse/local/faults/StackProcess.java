package com.storepulse.local.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's shaded jar in a JVM of its own, so a test can SIGKILL it mid-work and start it
 * again on the same port and servers. Its output is printed as it comes (so the build's log scan
 * reads it) and its last lines are kept for failure messages.
 */
final class StackProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Map<String, String> environment;
    private final int port;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private Process process;
    private Thread reader;
    private int starts;

    StackProcess(Path jar, Map<String, String> environment, int port) {
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.port = port;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the JVM; returns at once (see {@link #awaitReady}). */
    synchronized void start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The template's JAVA_TOOL_OPTIONS (C1 only), as the functions run on Lambda.
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true);
        // The machine's servers (CI's second pass sets them) must never reach this stack.
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("REDIS_URL");
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        process = builder.start();
        int run = ++starts;
        Process started = process;
        reader = Thread.ofPlatform().daemon().name("stack-output-" + run).start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    // As printed: the log scan recognises the banner's demo credentials by the
                    // line's start, the one documented exception (docs/reliability.md, "Log scan").
                    System.out.println(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 60) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Waits until {@code /health} answers 200; returns that moment ({@link System#nanoTime()}). */
    long awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                int status = HTTP.send(
                                HttpRequest.newBuilder(base().resolve("/health"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the stack did not become ready (alive: " + process.isAlive() + "); its last lines:\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no graceful close, connections cut as they stand. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the stack survived SIGKILL");
        }
    }

    String tail() {
        synchronized (tail) {
            return String.join("\n", List.copyOf(tail));
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (reader != null) {
            reader.join(5_000);
        }
    }
}
