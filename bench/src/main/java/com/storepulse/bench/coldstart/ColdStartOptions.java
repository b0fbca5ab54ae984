package com.storepulse.bench.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link ColdStartBenchmark}. Each {@code --jar} starts a new target; the
 * {@code --handler}, {@code --event}, {@code --name} and {@code --env} that follow it belong to that
 * target ({@code --event} defaults to the previous target's; {@code --env} before any {@code --jar}
 * applies to every target).
 */
record ColdStartOptions(
        List<Target> targets,
        int runs,
        int warmups,
        List<JvmConfig> configs,
        List<String> jvmArgs,
        Path java,
        int timeoutSeconds,
        boolean showOutput) {

    static final String USAGE = """
            usage: ColdStartBenchmark --jar JAR --handler CLASS --event FILE [--name NAME] [--env KEY=VALUE]...
                                      [--jar JAR --handler CLASS [--event FILE] ...]...
                                      [--floor] [--runs N] [--warmup N] [--configs default,c1]
                                      [--jvm-arg ARG]... [--java PATH] [--timeout-seconds N] [--show-output]
              --jar         the function jar (or classes folder); starts a new target
              --handler     the handler class, constructed with its no-arg constructor as Lambda does
              --event       the event JSON (default: the previous target's)
              --env         KEY=VALUE for the child JVM (before any --jar: for every target)
              --floor       also measure a no-op handler with the first target's jar and event (the floor)
              --runs        measured runs per target and configuration (default 5); targets interleave
              --warmup      unmeasured runs per target and configuration first (default 1)
              --configs     default = no JVM flags, c1 = -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (default both)
              --jvm-arg     an extra JVM argument for every child
              --java        the java to run (default $JAVA_HOME/bin/java)
            """;

    record Target(String name, Path jar, String handler, Path event, Map<String, String> env) {}

    static ColdStartOptions parse(String... args) {
        List<TargetBuilder> builders = new ArrayList<>();
        Map<String, String> commonEnv = new LinkedHashMap<>();
        int runs = 5;
        int warmups = 1;
        List<JvmConfig> configs = List.of(JvmConfig.DEFAULT, JvmConfig.C1);
        List<String> jvmArgs = new ArrayList<>();
        Path java = defaultJava();
        int timeoutSeconds = 120;
        boolean showOutput = false;
        boolean floor = false;

        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--floor" -> floor = true;
                case "--show-output" -> showOutput = true;
                case "--help", "-h" -> throw new IllegalArgumentException("help requested");
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    String value = args[++i];
                    TargetBuilder current = builders.isEmpty() ? null : builders.getLast();
                    switch (option) {
                        case "--jar" -> builders.add(new TargetBuilder(existing(value, "--jar")));
                        case "--handler" -> requireTarget(current, option).handler = value;
                        case "--event" -> requireTarget(current, option).event = existing(value, "--event");
                        case "--name" -> requireTarget(current, option).name = value;
                        case "--env" -> {
                            int equals = value.indexOf('=');
                            if (equals < 1) {
                                throw new IllegalArgumentException("--env wants KEY=VALUE, got '" + value + "'");
                            }
                            (current == null ? commonEnv : current.env)
                                    .put(value.substring(0, equals), value.substring(equals + 1));
                        }
                        case "--runs" -> runs = positive(value, option, 1);
                        case "--warmup" -> warmups = positive(value, option, 0);
                        case "--configs" ->
                            configs = value.isBlank()
                                    ? List.of()
                                    : Arrays.stream(value.split(","))
                                            .map(String::trim)
                                            .map(JvmConfig::byKey)
                                            .distinct()
                                            .toList();
                        case "--jvm-arg" -> jvmArgs.add(value);
                        case "--java" -> java = existing(value, "--java");
                        case "--timeout-seconds" -> timeoutSeconds = positive(value, option, 1);
                        default -> throw new IllegalArgumentException("unknown option " + option);
                    }
                }
            }
        }
        if (builders.isEmpty()) {
            throw new IllegalArgumentException("give at least one --jar with its --handler and --event");
        }
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("--configs lists no configuration");
        }
        List<Target> targets = new ArrayList<>();
        Path previousEvent = null;
        for (TargetBuilder builder : builders) {
            Target target = builder.build(previousEvent, commonEnv);
            previousEvent = target.event();
            targets.add(target);
        }
        if (floor) {
            // Same jar (it brings the event classes), but a handler that does nothing.
            Target first = targets.getFirst();
            targets.add(new Target(
                    "floor (no-op handler)", first.jar(), NoOpApiHandler.class.getName(), first.event(), first.env()));
        }
        return new ColdStartOptions(
                List.copyOf(targets), runs, warmups, configs, List.copyOf(jvmArgs), java, timeoutSeconds, showOutput);
    }

    private static TargetBuilder requireTarget(TargetBuilder current, String option) {
        if (current == null) {
            throw new IllegalArgumentException(option + " must follow the --jar it belongs to");
        }
        return current;
    }

    private static Path existing(String value, String option) {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        return path.toAbsolutePath().normalize();
    }

    private static int positive(String value, String option, int minimum) {
        try {
            int number = Integer.parseInt(value);
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants a whole number >= " + minimum + ", got '" + value + "'");
    }

    private static Path defaultJava() {
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome == null || javaHome.isBlank()) {
            javaHome = System.getProperty("java.home");
        }
        return Path.of(javaHome, "bin", "java");
    }

    private static final class TargetBuilder {
        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String handler;
        private Path event;
        private String name;

        private TargetBuilder(Path jar) {
            this.jar = jar;
        }

        private Target build(Path previousEvent, Map<String, String> commonEnv) {
            if (handler == null) {
                throw new IllegalArgumentException("--jar " + jar + " has no --handler");
            }
            Path chosenEvent = event != null ? event : previousEvent;
            if (chosenEvent == null) {
                throw new IllegalArgumentException(
                        "--jar " + jar + " has no --event (and no earlier target to take it from)");
            }
            Map<String, String> targetEnv = new LinkedHashMap<>(commonEnv);
            targetEnv.putAll(env);
            return new Target(
                    name != null ? name : jar.getFileName().toString(),
                    jar,
                    handler,
                    chosenEvent,
                    Map.copyOf(targetEnv));
        }
    }
}
