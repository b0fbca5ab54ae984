package com.storepulse.bench.coldstart;

import com.storepulse.bench.coldstart.ColdStart.Measurement;
import com.storepulse.bench.coldstart.ColdStartOptions.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold-start benchmark: for each target (function jar + handler + event) and JVM configuration, spawns
 * fresh JVMs that each handle one event the way the Lambda runtime would (see
 * {@link FirstInvocationRunner}), and reports the median, min and max of JVM start to first handled
 * event, with the init/invoke split, peak RSS and jar size. Targets and configurations interleave
 * run by run (A, B, A, B, ...) so background load falls on all of them alike.
 * See docs/cold-start.md and bench/README.md for the commands.
 */
public final class ColdStartBenchmark {

    /** The runs of one target under one JVM configuration. */
    record Series(Target target, JvmConfig config, List<Measurement> runs) {

        double median(ToDoubleFunction<Measurement> metric) {
            double[] sorted = runs.stream().mapToDouble(metric).sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        double min() {
            return runs.stream().mapToDouble(Measurement::wallMs).min().orElseThrow();
        }

        double max() {
            return runs.stream().mapToDouble(Measurement::wallMs).max().orElseThrow();
        }
    }

    private static final Pattern ERROR_STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*([45]\\d\\d)");

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        ColdStartOptions options;
        try {
            options = ColdStartOptions.parse(args);
        } catch (IllegalArgumentException badUsage) {
            System.err.println("error: " + badUsage.getMessage());
            System.err.print(ColdStartOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            String loadBefore = loadAverage();
            List<Series> results = run(options, System.out);
            report(options, results, loadBefore, loadAverage(), System.out);
        } catch (ColdStart.Failure failure) {
            System.err.println("cold start failed: " + failure.getMessage());
            System.exit(1);
        }
    }

    static List<Series> run(ColdStartOptions options, PrintStream progress) throws IOException, InterruptedException {
        for (int warmup = 1; warmup <= options.warmups(); warmup++) {
            for (JvmConfig config : options.configs()) {
                for (Target target : options.targets()) {
                    ColdStart.measure(options, target, config);
                }
            }
        }
        List<Series> results = new ArrayList<>();
        for (JvmConfig config : options.configs()) {
            for (Target target : options.targets()) {
                results.add(new Series(target, config, new ArrayList<>()));
            }
        }
        for (int run = 1; run <= options.runs(); run++) {
            for (Series series : results) {
                Measurement measurement = ColdStart.measure(options, series.target(), series.config());
                series.runs().add(measurement);
                progress.printf(
                        Locale.ROOT,
                        "run %d/%d  %-28s %-8s %6.0f ms%n",
                        run,
                        options.runs(),
                        series.target().name(),
                        series.config().key,
                        measurement.wallMs());
            }
        }
        return results;
    }

    static void report(
            ColdStartOptions options, List<Series> results, String loadBefore, String loadAfter, PrintStream out) {
        Measurement any = results.getFirst().runs().getFirst();
        out.println();
        out.printf(
                Locale.ROOT,
                "Cold start (JVM start to first handled event): median of %d runs, %d warm-up run(s) not counted, interleaved%n",
                options.runs(),
                options.warmups());
        out.printf(
                Locale.ROOT,
                "java %s (%s); AWS Lambda's java21 runtime is another JVM: compare the rows, not the absolute figures%n",
                any.javaVersion(),
                options.java());
        out.printf(
                Locale.ROOT,
                "machine: %d CPUs; load average (1/5/15 min) before: %s, after: %s%n",
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                loadAfter);
        for (JvmConfig config : options.configs()) {
            out.println();
            out.printf("configuration %s: %s%n", config.key, config.describe());
            out.println(
                    "| target | median ms | min ms | max ms | init ms (median) | first invoke ms (median) | CPU ms (median) | peak RSS MB (median) | jar MB |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            for (Series series : results) {
                if (series.config() != config) {
                    continue;
                }
                double rssKb = series.median(Measurement::peakRssKb);
                double cpuMs = series.median(Measurement::cpuMs);
                out.printf(
                        Locale.ROOT,
                        "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %s |%n",
                        series.target().name(),
                        series.median(Measurement::wallMs),
                        series.min(),
                        series.max(),
                        series.median(Measurement::initMs),
                        series.median(Measurement::invokeMs),
                        cpuMs < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", cpuMs),
                        rssKb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", rssKb / 1024),
                        jarMegabytes(series.target().jar()));
            }
        }
        out.println();
        out.println("all runs, in run order (wall ms / CPU ms):");
        for (Series series : results) {
            out.printf(
                    Locale.ROOT,
                    "  %-28s %-8s %s%n",
                    series.target().name(),
                    series.config().key,
                    series.runs().stream()
                            .map(run -> String.format(Locale.ROOT, "%.0f/%d", run.wallMs(), run.cpuMs()))
                            .toList());
        }
        out.println("first responses:");
        for (Series series : results) {
            if (series.config() == options.configs().getFirst()) {
                String response = series.runs().getFirst().response();
                Matcher status = ERROR_STATUS.matcher(response);
                out.printf(
                        "  %-28s %s%s%n",
                        series.target().name(),
                        abbreviate(response),
                        status.find()
                                ? "\n  WARNING: status " + status.group(1)
                                        + ": this measured an error path, not the route"
                                : "");
            }
        }
    }

    private static String jarMegabytes(Path jar) {
        try {
            return Files.isRegularFile(jar)
                    ? String.format(Locale.ROOT, "%.1f", Files.size(jar) / (1024.0 * 1024.0))
                    : "(folder)";
        } catch (IOException unreadable) {
            return "?";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "...";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException notLinux) {
            return "n/a";
        }
    }
}
