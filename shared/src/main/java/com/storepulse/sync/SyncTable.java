package com.storepulse.sync;

import java.util.List;

/**
 * A source table in the default layout (docs/sync.md): its name, its columns in the order the
 * connector reads them (primary key first; {@code ModifiedAt} and {@code IsDeleted} last), and the
 * ROWVERSION column read after them when the source's cursor is {@link CursorKind#ROWVERSION}.
 */
public enum SyncTable {
    CUSTOMERS(
            "customers",
            "Customers",
            List.of("CustomerId", "Email", "FirstName", "LastName", "CreatedAt", "ModifiedAt", "IsDeleted")),
    ORDERS(
            "orders",
            "Orders",
            List.of(
                    "OrderId",
                    "CustomerId",
                    "OrderedAt",
                    "TotalAmount",
                    "Currency",
                    "Kind",
                    "ModifiedAt",
                    "IsDeleted"));

    public static final String ROW_VERSION = "RowVer";
    public static final String MODIFIED_AT = "ModifiedAt";

    private final String code;
    private final String defaultName;
    private final List<String> columns;

    SyncTable(String code, String defaultName, List<String> columns) {
        this.code = code;
        this.defaultName = defaultName;
        this.columns = columns;
    }

    /** The name in the ledger ({@code sync_cursor.source_table}, {@link SyncOutcome.TableCounts#table()}). */
    public String code() {
        return code;
    }

    /** The table's name in the default layout, without a schema. */
    public String defaultName() {
        return defaultName;
    }

    /** The default layout's column names, in the order the connector reads them. */
    public List<String> columns() {
        return columns;
    }

    /** The primary key's default name. */
    public String key() {
        return columns.get(0);
    }
}
