package com.storepulse.local.cli;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.demodata.CdnowImporter;
import com.storepulse.demodata.DemoDataGenerator;
import com.storepulse.demodata.DemoDataOptions;
import com.storepulse.demodata.DemoDataScale;
import com.storepulse.demodata.LoadReport;
import com.storepulse.devservers.Datasets;
import com.storepulse.devservers.DevServers;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScoringService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** {@code demo-data} and {@code import-cdnow}: load data into DATABASE_URL (or an embedded PostgreSQL). */
public final class DataCommands {

    private DataCommands() {}

    public static void demoData(List<String> args, PrintStream out) {
        Arguments a =
                Arguments.parse(args, Set.of("scale", "seed", "stores", "customers", "orders-per-customer", "as-of"));
        DemoDataScale scale;
        try {
            boolean custom = a.has("stores") || a.has("customers") || a.has("orders-per-customer");
            if (custom && a.has("scale")) {
                throw new Arguments.UsageException("give either --scale or --stores/--customers/--orders-per-customer");
            }
            scale = custom
                    ? DemoDataScale.custom(
                            a.getInt("stores"), a.getInt("customers"), a.getDouble("orders-per-customer"))
                    : DemoDataScale.named(a.get("scale").orElse("small"));
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException(e.getMessage());
        }
        DemoDataOptions options = DemoDataOptions.of(scale).withSeed(a.getLong("seed", DemoDataOptions.DEFAULT_SEED));
        if (a.has("as-of")) {
            try {
                options = options.withAsOf(LocalDate.parse(a.get("as-of").orElseThrow()));
            } catch (DateTimeParseException e) {
                throw new Arguments.UsageException("--as-of must be a date such as 2026-11-01");
            }
        }
        DemoDataOptions chosen = options;
        LoadReport report =
                withDatabase(out, db -> scored(out, db, new DemoDataGenerator(chosen, out::println).load(db.jdbi())));
        out.println(report.summary());
    }

    public static void importCdnow(List<String> args, PrintStream out) {
        Arguments a = Arguments.parse(args, Set.of("file"));
        Path file = a.get("file")
                .map(Path::of)
                .or(Datasets::cdnowSample)
                .orElseThrow(() -> new Arguments.UsageException("no CDNOW file: pass --file PATH (or set CDNOW_FILE)"));
        LoadReport report =
                withDatabase(out, db -> scored(out, db, new CdnowImporter(out::println).load(db.jdbi(), file)));
        out.println(report.summary());
    }

    /**
     * Scores the stores the load just filled, so the API has scores to serve; as of the data's own
     * end, not the wall clock, so the same input gives the same scores (and cursors) any day.
     */
    static LoadReport scored(PrintStream out, Database db, LoadReport report) {
        long started = System.nanoTime();
        List<ScoringRun> runs =
                new StoreScoringService(db.jdbi(), CacheInvalidation.NONE).scoreUnscoredStores(report.dataEnd());
        out.printf(
                "scored %d customers in %d store(s) in %.1f s%n",
                runs.stream().mapToInt(ScoringRun::customersScored).sum(),
                runs.size(),
                (System.nanoTime() - started) / 1e9);
        return report;
    }

    /**
     * Applies the Flyway migrations to DATABASE_URL (a deploy step: functions never migrate), all of
     * them or, with {@code --target N}, those up to version N (a deploy that must put code between
     * two migrations, such as row-level security's V20 and V21: docs/deploy.md).
     */
    public static void migrate(List<String> args, PrintStream out) {
        String target = null;
        if (args.size() == 2 && args.get(0).equals("--target") && args.get(1).matches("[0-9]+")) {
            target = args.get(1);
        } else if (!args.isEmpty()) {
            throw new Arguments.UsageException("migrate takes only --target N; it uses DATABASE_URL");
        }
        DatabaseSettings settings =
                DatabaseSettings.parse(DevServers.postgresUrl(), 4, Duration.ofSeconds(10), Duration.ofMinutes(5));
        out.println("database: " + settings);
        try (Database db = new Database(settings)) {
            var result = Migrations.migrate(db.dataSource(), target);
            out.println("schema version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                    + " migrations applied now)");
        }
        out.println("migrations applied");
    }

    private static <T> T withDatabase(PrintStream out, Function<Database, T> work) {
        if (DevServers.postgresIsEmbedded()) {
            out.println("DATABASE_URL is not set: loading into an embedded PostgreSQL that is discarded at exit");
        }
        DatabaseSettings settings =
                DatabaseSettings.parse(DevServers.postgresUrl(), 4, Duration.ofSeconds(10), Duration.ofMinutes(5));
        out.println("database: " + settings);
        try (Database db = new Database(settings)) {
            var result = Migrations.migrate(db.dataSource());
            out.println("schema version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                    + " migrations applied now)");
            return work.apply(db);
        }
    }
}
