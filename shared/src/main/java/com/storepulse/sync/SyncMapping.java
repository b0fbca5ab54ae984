package com.storepulse.sync;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a source keeps the default layout's tables and columns. The registered {@code mapping}
 * names only what differs: {@code "Customers": "sales.Clients"} renames a table (schema optional),
 * {@code "Customers.Email": "EmailAddress"} a column. Names are checked against a strict identifier
 * pattern and always quoted, so a mapping can never inject SQL.
 */
public final class SyncMapping {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final Map<String, String> names;
    private final SourceDialect dialect;

    private SyncMapping(Map<String, String> names, SourceDialect dialect) {
        this.names = names;
        this.dialect = dialect;
    }

    /** The mapping's keys: each table's default name, and {@code Table.Column} for each column. */
    public static Set<String> keys() {
        Set<String> keys = new java.util.TreeSet<>();
        for (SyncTable table : SyncTable.values()) {
            keys.add(table.defaultName());
            table.columns().forEach(column -> keys.add(table.defaultName() + "." + column));
            keys.add(table.defaultName() + "." + SyncTable.ROW_VERSION);
        }
        return keys;
    }

    /**
     * The mapping for a source, checked: throws {@link ValidationException} (fields {@code
     * mapping.<key>}) for an unknown key or a name that is not a plain identifier.
     */
    public static SyncMapping of(Map<String, String> mapping, SourceDialect dialect) {
        Set<String> known = keys();
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> names = new TreeMap<>();
        mapping.forEach((key, value) -> {
            if (!known.contains(key)) {
                errors.add(new FieldError("mapping." + key, "is not a table or column of the layout (docs/sync.md)"));
            } else if (value == null || !validName(value, !key.contains("."))) {
                errors.add(new FieldError(
                        "mapping." + key,
                        key.contains(".")
                                ? "must be a plain column name (letters, digits, _)"
                                : "must be a plain table name, optionally schema.table (letters, digits, _)"));
            } else {
                names.put(key, value);
            }
        });
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return new SyncMapping(names, dialect);
    }

    private static boolean validName(String value, boolean table) {
        String[] parts = value.split("\\.", -1);
        if (parts.length > (table ? 2 : 1)) {
            return false;
        }
        for (String part : parts) {
            if (!IDENTIFIER.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The table's quoted name: {@code [dbo].[Customers]} on SQL Server, {@code `Customers`} on MariaDB. */
    public String table(SyncTable table) {
        String name = names.get(table.defaultName());
        if (name == null) {
            name = dialect == SourceDialect.SQLSERVER ? "dbo." + table.defaultName() : table.defaultName();
        }
        List<String> quoted = new ArrayList<>();
        for (String part : name.split("\\.")) {
            quoted.add(quote(part));
        }
        return String.join(".", quoted);
    }

    /** A column's quoted name. */
    public String column(SyncTable table, String column) {
        return quote(names.getOrDefault(table.defaultName() + "." + column, column));
    }

    private String quote(String identifier) {
        return switch (dialect) {
            case SQLSERVER, H2 -> "[" + identifier + "]";
            case MARIADB -> "`" + identifier + "`";
        };
    }

    /** The mapping as registered (for the admin answer). */
    public Map<String, String> asMap() {
        return Map.copyOf(names);
    }

    @Override
    public String toString() {
        return "SyncMapping" + names + " for " + dialect.name().toLowerCase(Locale.ROOT);
    }
}
