package com.storepulse.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations in {@code classpath:db/migration} (this module's resources): the
 * local CLI's {@code migrate}, the local stack, the benchmarks and every test database. Functions
 * never migrate, so neither Flyway nor the migrations are in a Lambda jar.
 */
public final class Migrations {

    private Migrations() {}

    public static MigrateResult migrate(DataSource dataSource) {
        return migrate(dataSource, null);
    }

    /** Up to version {@code target} only (null: all). */
    public static MigrateResult migrate(DataSource dataSource, String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target != null) {
            configuration = configuration.target(target);
        }
        return configuration.load().migrate();
    }
}
