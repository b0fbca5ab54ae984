package com.storepulse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Searches every text, character, JSON and text-array column of every table of the database's
 * own schema (information_schema tells which: a table or column added later is searched without
 * editing this class) for strings, case-insensitively. What the erasure tests use to show that no
 * table holds a customer's name, e-mail or id in clear.
 */
public final class ClearTextSearch {

    /** One column that holds {@code needle} in {@code rows} rows. */
    public record Hit(String table, String column, String needle, long rows) {
        @Override
        public String toString() {
            return table + "." + column + " holds '" + needle + "' in " + rows + " row(s)";
        }
    }

    private record Column(String table, String column) {}

    private ClearTextSearch() {}

    /** Every column of the current schema's tables that holds one of {@code needles}. */
    public static List<Hit> find(Jdbi jdbi, List<String> needles) {
        return jdbi.withHandle(h -> {
            List<Column> columns = h.createQuery("""
                            SELECT c.table_name, c.column_name
                            FROM information_schema.columns c
                            JOIN information_schema.tables t
                              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                            WHERE c.table_schema = current_schema()
                              AND t.table_type = 'BASE TABLE'
                              AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
                                   OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_jsonb')))
                            ORDER BY c.table_name, c.column_name""")
                    .map((rs, ctx) -> new Column(rs.getString("table_name"), rs.getString("column_name")))
                    .list();
            if (columns.isEmpty()) {
                throw new IllegalStateException("information_schema lists no text column: wrong schema?");
            }
            List<Hit> hits = new ArrayList<>();
            for (Column column : columns) {
                for (String needle : needles) {
                    long rows = h.createQuery("SELECT count(*) FROM " + quote(column.table()) + " WHERE strpos(lower("
                                    + quote(column.column()) + "::text), :needle) > 0")
                            .bind("needle", needle.toLowerCase(Locale.ROOT))
                            .mapTo(Long.class)
                            .one();
                    if (rows > 0) {
                        hits.add(new Hit(column.table(), column.column(), needle, rows));
                    }
                }
            }
            return hits;
        });
    }

    /** How many columns {@link #find} searches (a test shows the search covers the tables it means to). */
    public static List<String> searchedColumns(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.table_name || '.' || c.column_name
                        FROM information_schema.columns c
                        JOIN information_schema.tables t
                          ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                        WHERE c.table_schema = current_schema()
                          AND t.table_type = 'BASE TABLE'
                          AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
                               OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_jsonb')))
                        ORDER BY 1""").mapTo(String.class).list());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
