package com.storepulse.demodata;

import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Drops the indexes and constraints of tables about to receive a bulk load and rebuilds them
 * afterwards from the definitions PostgreSQL itself reported, inside the same transaction: if
 * the load fails, the rollback brings them back unchanged.
 */
final class DeferredIndexes {

    /** One index or constraint; kind is the pg_constraint contype (p, u, f) or i for a plain index. */
    record Definition(String table, String name, String kind, String definition) {}

    private final List<Definition> definitions;

    private DeferredIndexes(List<Definition> definitions) {
        this.definitions = definitions;
    }

    static DeferredIndexes drop(Handle handle, List<String> tables) {
        List<Definition> found = handle.createQuery(BulkLoad.sql("DeferrableIndexes"))
                .bindArray("tables", String.class, tables)
                .map((rs, ctx) -> new Definition(
                        rs.getString("table_name"),
                        rs.getString("name"),
                        rs.getString("kind"),
                        rs.getString("definition")))
                .list();
        // Foreign keys first (they lean on the keys), then plain indexes, then primary/unique keys.
        for (Definition d : found.stream()
                .sorted(Comparator.comparingInt(DeferredIndexes::dropOrder))
                .toList()) {
            // Names and definitions come from the catalog (quote_ident), not from any user input.
            handle.execute(
                    d.kind().equals("i")
                            ? "DROP INDEX " + d.name()
                            : "ALTER TABLE " + d.table() + " DROP CONSTRAINT " + d.name());
        }
        return new DeferredIndexes(found);
    }

    void restore(Handle handle) {
        for (Definition d : definitions.stream()
                .sorted(Comparator.comparingInt(DeferredIndexes::dropOrder).reversed())
                .toList()) {
            handle.execute(
                    d.kind().equals("i")
                            ? d.definition()
                            : "ALTER TABLE " + d.table() + " ADD CONSTRAINT " + d.name() + " " + d.definition());
        }
    }

    List<Definition> definitions() {
        return definitions;
    }

    private static int dropOrder(Definition d) {
        return switch (d.kind()) {
            case "f" -> 0;
            case "i" -> 1;
            default -> 2;
        };
    }
}
