package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a user runs it: {@code java -jar local/target/storepulse-local.jar}
 * (after the package phase, so the shaded jar's own classes are what runs). It must answer
 * {@code /health}, and the scheduled sync sample must sync the demo source (its run's log line says
 * COMPLETED). With {@code DATABASE_URL}/{@code REDIS_URL} set, the jar uses them; without, its
 * embedded servers, as on a fresh laptop.
 */
class LocalJarStartIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theShadedJarStartsAndItsScheduledSyncSampleSyncsTheDemoSource() throws Exception {
        Path jar = Path.of("target", "storepulse-local.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built by the package phase");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            int health = 0;
            while (System.nanoTime() < deadline && process.isAlive() && health != 200) {
                try {
                    health = HTTP.send(
                                    HttpRequest.newBuilder(base.resolve("/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertEquals(200, health, "GET /health of the started jar; its output:\n" + String.join("\n", output));

            byte[] tick = Files.readAllBytes(Path.of("..", "events", "azure-sync-scheduled.json"));
            HttpResponse<String> fanOut = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/2015-03-31/functions/azure-sync/invocations"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(tick))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fanOut.statusCode(), fanOut.body());
            Matcher ids = Pattern.compile("\"sourceIds\":\\[(\\d+)").matcher(fanOut.body());
            assertTrue(ids.find(), "the tick queued the demo source: " + fanOut.body());
            String completed = "sync of source " + ids.group(1) + " (incremental schedule): COMPLETED";
            while (System.nanoTime() < deadline && output.stream().noneMatch(l -> l.contains(completed))) {
                Thread.sleep(200);
            }
            assertTrue(
                    output.stream().anyMatch(l -> l.contains(completed)),
                    "the queued run completed (\"" + completed + "\"); output:\n" + String.join("\n", output));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5_000);
        }
    }
}
