package com.storepulse.fuzz;

import com.storepulse.db.Database;
import java.util.List;
import java.util.Set;

/**
 * Every row written to the test database, counted: an AFTER row trigger on each table logs the
 * table and the operation to {@code fuzz_write_log}, in the writing transaction (a rolled-back
 * write leaves nothing). Tells whether a request wrote anything, whichever table it was.
 *
 * <p>The test JVM's database is its own (TestDatabase creates it), so no other run's writes are
 * counted. The usage meter's tables are logged but left out of {@link #since}: an admitted request
 * is metered whatever it answers, and the meter moves its counts to PostgreSQL in batches of its
 * own (docs/api-keys.md). {@link #everythingSince} counts them too, for the usage flush, whose
 * writes they are.
 */
public final class WriteLog implements AutoCloseable {

    /** Written by design whatever a request answers: the usage meter's batches. */
    public static final Set<String> METERED = Set.of("api_key_usage_daily", "usage_flush_batch");

    /** Not logged at all: the migrations' own bookkeeping. */
    private static final Set<String> NOT_WATCHED = Set.of("flyway_schema_history");

    private final Database database;
    private final List<String> tables;

    private WriteLog(Database database, List<String> tables) {
        this.database = database;
        this.tables = tables;
    }

    public static WriteLog install(Database database) {
        List<String> tables = database.jdbi().inTransaction(h -> {
            h.execute("CREATE TABLE IF NOT EXISTS fuzz_write_log"
                    + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tbl text NOT NULL, op text NOT NULL)");
            h.execute("CREATE OR REPLACE FUNCTION fuzz_write_logged() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN INSERT INTO fuzz_write_log (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$");
            // Ordinary and partitioned tables that are not partitions (a partitioned table's row
            // trigger is cloned onto its partitions).
            List<String> names = h
                    .createQuery("SELECT c.relname FROM pg_class c"
                            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                            + " AND c.relname <> 'fuzz_write_log' ORDER BY c.relname")
                    .mapTo(String.class)
                    .list()
                    .stream()
                    .filter(name -> !NOT_WATCHED.contains(name))
                    .toList();
            for (String table : names) {
                h.execute("DROP TRIGGER IF EXISTS fuzz_write_logged ON " + table);
                h.execute("CREATE TRIGGER fuzz_write_logged AFTER INSERT OR UPDATE OR DELETE ON " + table
                        + " FOR EACH ROW EXECUTE FUNCTION fuzz_write_logged()");
            }
            return names;
        });
        return new WriteLog(database, tables);
    }

    /** The watched tables. */
    public List<String> tables() {
        return tables;
    }

    /** The position of the log: compare two to see whether anything was written in between. */
    public long position() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM fuzz_write_log")
                        .mapTo(Long.class)
                        .one());
    }

    /** What was written after {@code position} but the usage meter's tables: "table OPERATION" per row. */
    public List<String> since(long position) {
        return everythingSince(position).stream()
                .filter(write -> !METERED.contains(write.substring(0, write.indexOf(' '))))
                .toList();
    }

    /** What was written after {@code position}, the usage meter's tables included. */
    public List<String> everythingSince(long position) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT tbl || ' ' || op FROM fuzz_write_log WHERE id > :p ORDER BY id")
                        .bind("p", position)
                        .mapTo(String.class)
                        .list());
    }

    @Override
    public void close() {
        database.jdbi().useTransaction(h -> {
            for (String table : tables) {
                h.execute("DROP TRIGGER IF EXISTS fuzz_write_logged ON " + table);
            }
            h.execute("DROP FUNCTION IF EXISTS fuzz_write_logged()");
            h.execute("DROP TABLE IF EXISTS fuzz_write_log");
        });
    }
}
