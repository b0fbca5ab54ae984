package com.storepulse.sync;

import java.util.Locale;
import java.util.Optional;

/** What orders a source table's changes: SQL Server's ROWVERSION, or a modified-at column. */
public enum CursorKind {
    ROWVERSION("rowversion"),
    MODIFIED_AT("modifiedAt");

    private final String code;

    CursorKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<CursorKind> fromCode(String code) {
        for (CursorKind kind : values()) {
            if (kind.code.toLowerCase(Locale.ROOT).equals(code == null ? "" : code.toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The default for a dialect: only SQL Server has ROWVERSION. */
    public static CursorKind defaultFor(SourceDialect dialect) {
        return dialect == SourceDialect.SQLSERVER ? ROWVERSION : MODIFIED_AT;
    }
}
