package com.storepulse.local;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.SecretResolver;
import com.storepulse.config.Settings;
import com.storepulse.local.cli.Arguments;
import com.storepulse.local.cli.DataCommands;
import com.storepulse.local.cli.FitCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar storepulse-local.jar [run | demo-data | import-cdnow | fit | help]}.
 * Exit codes: 0 done (or stopped by Ctrl-C / SIGTERM), 1 failed, 2 wrong usage.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        List<String> all = Arrays.asList(args);
        String command = all.isEmpty() ? "run" : all.get(0);
        List<String> rest = all.isEmpty() ? List.of() : all.subList(1, all.size());
        PrintStream out = System.out;
        try {
            switch (command) {
                case "run" -> run(out);
                case "migrate" -> DataCommands.migrate(rest, out);
                case "demo-data" -> DataCommands.demoData(rest, out);
                case "import-cdnow" -> DataCommands.importCdnow(rest, out);
                case "fit" -> FitCommand.main(rest.toArray(String[]::new));
                case "help", "--help", "-h" -> out.print(USAGE);
                default -> throw new Arguments.UsageException("unknown command '" + command + "'");
            }
        } catch (Arguments.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            // e.g. an unreachable DATABASE_URL during migrate: one line per cause, no stack trace
            System.err.println("error: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                System.err.println("  caused by: " + cause.getMessage());
            }
            System.err.println("(run with -Dstorepulse.stacktrace=true for the stack trace)");
            if (Boolean.getBoolean("storepulse.stacktrace")) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    private static void run(PrintStream out) {
        out.println("Starting the StorePulse local stack");
        LocalStack stack = LocalStack.builder(LocalStackConfig.from(Settings.fromEnvironment(SecretResolver.NONE)))
                .output(out)
                .start();
        stack.printBanner(LocalStack.millisSinceJvmStart());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        ExitOnSignal.install("INT", "TERM");
        try {
            stack.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String USAGE = """
            usage: java -jar local/target/storepulse-local.jar [command] [options]

              run                       (default) start the local stack: PostgreSQL, Redis, migrations,
                                        demo data, the HTTP front door and the Lambda Invoke API on
                                        http://127.0.0.1:3000 (PORT, BIND_ADDRESS, DATABASE_URL, REDIS_URL,
                                        STOREPULSE_DEMO_API_KEY, SYNC_INTERVAL: see docs/local-stack.md)
              migrate [--target N]      apply the Flyway migrations to DATABASE_URL (deploy step)
              demo-data [--scale small|large] [--seed N] [--as-of YYYY-MM-DD]
              demo-data --stores N --customers N --orders-per-customer X [--seed N]
                                        load deterministic demo data into DATABASE_URL
              import-cdnow [--file PATH]  import the CDNOW sample as tenant 'cdnow' (default: CDNOW_FILE or
                                        shared/datasets/cdnow/CDNOW_sample.txt above the working directory)
              fit ...                   fit the scoring models (see its own help)
              help                      this text
            """;
}
