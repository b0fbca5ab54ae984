package com.storepulse.bench.coldstart;

import com.storepulse.bench.coldstart.ColdStartOptions.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cold start: a fresh JVM running {@link FirstInvocationRunner} on one target, timed from just
 * before {@link ProcessBuilder#start()} to the moment its done-marker line is read.
 */
final class ColdStart {

    /** Lambda-like environment every child gets unless a target's --env overrides it. */
    static final Map<String, String> LAMBDA_ENV = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "coldstart-bench",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
            "AWS_REGION", "eu-west-1",
            "POWERTOOLS_SERVICE_NAME", "coldstart-bench",
            "POWERTOOLS_METRICS_NAMESPACE", "StorePulseBench");

    /** What one child reported. Times in milliseconds; peakRssKb and cpuMs are -1 where /proc is missing. */
    record Measurement(
            double wallMs,
            long initMs,
            long invokeMs,
            long peakRssKb,
            long cpuMs,
            String javaVersion,
            String response) {}

    /** A child that did not get to its done-marker; the message carries its own words and stderr. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private ColdStart() {}

    static Measurement measure(ColdStartOptions options, Target target, JvmConfig config)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.java().toString());
        command.addAll(options.jvmArgs());
        command.addAll(config.flags);
        command.add("-cp");
        command.add(target.jar() + java.io.File.pathSeparator + RunnerClasspath.entries());
        command.add(FirstInvocationRunner.class.getName());
        command.add(target.handler());
        command.add(target.event().toString());

        ProcessBuilder builder = new ProcessBuilder(command);
        prepareEnvironment(builder.environment(), target);
        Path stderr = Files.createTempFile("coldstart-child-", ".stderr");
        builder.redirectError(stderr.toFile());

        long started = System.nanoTime();
        Process child = builder.start();
        try {
            Thread.ofVirtual().start(() -> killAfter(child, options.timeoutSeconds()));
            return readReport(child, started, options.showOutput());
        } catch (Failure failure) {
            child.waitFor(5, TimeUnit.SECONDS);
            throw new Failure(target.name() + " [" + config.key + "]: " + failure.getMessage() + stderrTail(stderr));
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
            if (options.showOutput()) {
                System.err.print(Files.readString(stderr));
            }
            Files.deleteIfExists(stderr);
        }
    }

    /**
     * This JVM's environment minus JVM option variables, plus {@link #LAMBDA_ENV}, plus the target's
     * --env. The flags under test come from the command line only; JAVA_TOOL_OPTIONS reaches the
     * child only through --env, as on Lambda where it is whatever the function configuration says.
     */
    static void prepareEnvironment(Map<String, String> env, Target target) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.putAll(LAMBDA_ENV);
        env.putAll(target.env());
    }

    private static Measurement readReport(Process child, long started, boolean showOutput) throws IOException {
        Double wallMs = null;
        String done = null;
        long peakRssKb = -1;
        long cpuMs = -1;
        String response = "";
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (wallMs == null && line.startsWith(FirstInvocationRunner.DONE_MARKER)) {
                    wallMs = (System.nanoTime() - started) / 1_000_000.0;
                    done = line;
                } else if (line.startsWith(FirstInvocationRunner.USAGE_MARKER)) {
                    peakRssKb = Long.parseLong(field(line, "vmhwm_kb"));
                    cpuMs = Long.parseLong(field(line, "cpu_ms"));
                } else if (line.startsWith(FirstInvocationRunner.RESPONSE_MARKER)) {
                    response = line.substring(FirstInvocationRunner.RESPONSE_MARKER.length())
                            .trim();
                } else if (line.startsWith(FirstInvocationRunner.FAILED_MARKER)) {
                    throw new Failure(line.substring(FirstInvocationRunner.FAILED_MARKER.length())
                            .trim());
                } else if (showOutput) {
                    System.out.println("  child| " + line);
                }
            }
        }
        if (done == null) {
            throw new Failure("the child JVM ended without handling the event");
        }
        return new Measurement(
                wallMs,
                Long.parseLong(field(done, "init_ms")),
                Long.parseLong(field(done, "invoke_ms")),
                peakRssKb,
                cpuMs,
                field(done, "java"),
                response);
    }

    /** The value of {@code key=value} in a marker line. */
    static String field(String line, String key) {
        for (String token : line.split(" ")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        throw new Failure("marker line lacks " + key + ": " + line);
    }

    private static void killAfter(Process child, int timeoutSeconds) {
        try {
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String stderrTail(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr);
            if (lines.isEmpty()) {
                return "";
            }
            return "\n  child stderr (last lines):\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException unreadable) {
            return "";
        }
    }
}
