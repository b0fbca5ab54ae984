package com.storepulse.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.bench.coldstart.ColdStart.Measurement;
import com.storepulse.bench.coldstart.ColdStartBenchmark.Series;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spawns real child JVMs through the runner; asserts what they report, never how fast they were. */
class ColdStartTest {

    @TempDir
    Path dir;

    private String testClasses;
    private String event;

    @BeforeEach
    void setUp() throws IOException, URISyntaxException {
        // The "function jar" is this module's test-classes folder, which holds TestHandlers.
        testClasses = Path.of(TestHandlers.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        event = Files.writeString(dir.resolve("event.json"), "{\"name\": \"store-7\"}")
                .toString();
    }

    private ColdStartOptions options(String handler, String... more) {
        List<String> args = new ArrayList<>(
                List.of("--jar", testClasses, "--name", "greeting", "--handler", handler, "--event", event));
        args.addAll(List.of(more));
        return ColdStartOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void aChildJvmHandlesTheEventWithTheLambdaEnvAndReportsItsTimesAndPeakRss() throws Exception {
        ColdStartOptions options = options(TestHandlers.Greeting.class.getName(), "--env", "GREETING_MODE=loud");

        Measurement measurement = ColdStart.measure(options, options.targets().getFirst(), JvmConfig.C1);

        assertTrue(measurement.response().contains("\"greeting\":\"hello store-7\""), measurement.response());
        assertTrue(measurement.response().contains("\"function\":\"coldstart-bench\""), measurement.response());
        assertTrue(measurement.response().contains("\"mode\":\"loud\""), measurement.response());
        assertTrue(
                measurement.wallMs() > measurement.initMs() + measurement.invokeMs(),
                "wall time covers JVM start, init and invoke: " + measurement);
        assertEquals(
                Runtime.version().feature(),
                Runtime.Version.parse(measurement.javaVersion()).feature());
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertTrue(measurement.peakRssKb() > 0, "peak RSS read from /proc: " + measurement);
            assertTrue(measurement.cpuMs() > 0, "CPU time read from /proc: " + measurement);
        }
    }

    @Test
    void aHandlerThatThrowsIsReportedWithItsMessageAndStderr() {
        ColdStartOptions options = options(TestHandlers.Failing.class.getName());

        ColdStart.Failure failure = assertThrows(
                ColdStart.Failure.class,
                () -> ColdStart.measure(options, options.targets().getFirst(), JvmConfig.DEFAULT));

        assertTrue(failure.getMessage().startsWith("greeting [default]:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no database configured"), failure.getMessage());
        assertTrue(failure.getMessage().contains("child stderr"), failure.getMessage());
    }

    @Test
    void anUnknownHandlerClassIsReportedAsSuch() {
        ColdStartOptions options = options("com.example.NoSuchHandler");

        ColdStart.Failure failure = assertThrows(
                ColdStart.Failure.class,
                () -> ColdStart.measure(options, options.targets().getFirst(), JvmConfig.C1));

        assertTrue(
                failure.getMessage().contains("ClassNotFoundException: com.example.NoSuchHandler"),
                failure.getMessage());
    }

    @Test
    void theBenchmarkRunsEachConfigurationAndPrintsATablePerConfiguration() throws Exception {
        ColdStartOptions options = options(TestHandlers.Greeting.class.getName(), "--runs", "2", "--warmup", "0");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        List<Series> results = ColdStartBenchmark.run(options, out);
        ColdStartBenchmark.report(options, results, "0.10 0.20 0.30", "0.40 0.50 0.60", out);

        assertEquals(
                List.of(JvmConfig.DEFAULT, JvmConfig.C1),
                results.stream().map(Series::config).toList());
        results.forEach(series -> assertEquals(2, series.runs().size()));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("configuration default: no JVM flags"), report);
        assertTrue(report.contains("configuration c1: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), report);
        assertTrue(report.contains("before: 0.10 0.20 0.30, after: 0.40 0.50 0.60"), report);
        assertEquals(
                2,
                report.lines().filter(line -> line.startsWith("| greeting | ")).count(),
                report);
        assertTrue(report.contains("| (folder) |"), "a classes folder has no jar size: " + report);
    }

    @Test
    void childEnvironmentDropsJvmOptionVariablesAndLayersLambdaDefaultsThenTargetEnv() {
        ColdStartOptions.Target target = new ColdStartOptions.Target(
                "t",
                Path.of("t.jar"),
                "h",
                Path.of("e.json"),
                Map.of("POWERTOOLS_SERVICE_NAME", "customer-api", "DATABASE_URL", "postgres://db/x"));
        Map<String, String> env = new HashMap<>(Map.of(
                "PATH",
                "/usr/bin",
                "JAVA_TOOL_OPTIONS",
                "-Xint",
                "JDK_JAVA_OPTIONS",
                "-Xint",
                "_JAVA_OPTIONS",
                "-Xint",
                "AWS_REGION",
                "us-east-1"));

        ColdStart.prepareEnvironment(env, target);

        assertEquals("/usr/bin", env.get("PATH"));
        assertFalse(
                env.containsKey("JAVA_TOOL_OPTIONS")
                        || env.containsKey("JDK_JAVA_OPTIONS")
                        || env.containsKey("_JAVA_OPTIONS"),
                env::toString);
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("StorePulseBench", env.get("POWERTOOLS_METRICS_NAMESPACE"));
        assertEquals("customer-api", env.get("POWERTOOLS_SERVICE_NAME"));
        assertEquals("postgres://db/x", env.get("DATABASE_URL"));
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        Series series = new Series(null, JvmConfig.C1, List.of(run(100), run(400), run(200), run(300)));

        assertEquals(250, series.median(Measurement::wallMs));
        assertEquals(100, series.min());
        assertEquals(400, series.max());
    }

    private static Measurement run(double wallMs) {
        return new Measurement(wallMs, 0, 0, -1, -1, "25", "");
    }
}
