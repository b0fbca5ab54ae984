package com.storepulse.sync;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Reads one source's tables over plain JDBC: the statements of its dialect ({@code
 * SourceReader/<dialect>/*.sql}) with its mapping's quoted names filled in, a streaming result set
 * at a fetch size, and the chunked key look-ups of the reconciliation. Values are taken as the
 * source holds them; a DATETIME2 (no offset) is taken as UTC.
 */
final class SourceReader {

    /** Keys per reconciliation look-up: SQL Server takes at most 2,100 parameters per statement. */
    static final int KEY_CHUNK = 1000;

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private final SourceDialect dialect;
    private final SyncMapping mapping;
    private final CursorKind cursorKind;

    SourceReader(SourceDialect dialect, SyncMapping mapping, CursorKind cursorKind) {
        this.dialect = dialect;
        this.mapping = mapping;
        this.cursorKind = cursorKind;
    }

    /** The read statement for a table: from the start, or after a committed cursor. */
    String readStatement(SyncTable table, boolean afterCursor) {
        String name =
                (afterCursor ? "readAfter" : "readFirst") + (cursorKind == CursorKind.ROWVERSION ? "Rowversion" : "");
        return render(name, table, 0);
    }

    /** The reconciliation look-up for {@code keys} keys. */
    String keysStatement(SyncTable table, int keys) {
        return render("keysPresent", table, keys);
    }

    /** Every statement this reader can send (the T-SQL grammar test parses each). */
    List<String> statements() {
        List<String> all = new ArrayList<>();
        for (SyncTable table : SyncTable.values()) {
            all.add(readStatement(table, false));
            all.add(readStatement(table, true));
            all.add(keysStatement(table, 1));
            all.add(keysStatement(table, KEY_CHUNK));
        }
        return all;
    }

    private String render(String name, SyncTable table, int keys) {
        String sql = SQL.locate(SourceReader.class, dialect.directory() + "/" + name);
        List<String> columns = new ArrayList<>();
        table.columns().forEach(column -> columns.add(mapping.column(table, column)));
        if (cursorKind == CursorKind.ROWVERSION) {
            columns.add(mapping.column(table, SyncTable.ROW_VERSION));
        }
        String cursorColumn = cursorKind == CursorKind.ROWVERSION ? SyncTable.ROW_VERSION : SyncTable.MODIFIED_AT;
        return sql.replace("<columns>", String.join(", ", columns))
                .replace("<table>", mapping.table(table))
                .replace("<cursor>", mapping.column(table, cursorColumn))
                .replace("<key>", mapping.column(table, table.key()))
                .replace("<keys>", String.join(", ", Collections.nCopies(Math.max(keys, 1), "?")));
    }

    /**
     * Opens a streaming read of the rows after {@code cursor} (all rows when empty). {@code
     * timeoutSeconds} 0 means none.
     */
    Rows open(Connection connection, SyncTable table, Optional<SyncCursor> cursor, int fetchSize, int timeoutSeconds)
            throws SQLException {
        Optional<SyncCursor> after = cursor.filter(c -> c.value() != null);
        PreparedStatement statement = connection.prepareStatement(
                readStatement(table, after.isPresent()), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            statement.setFetchSize(fetchSize);
            statement.setQueryTimeout(timeoutSeconds);
            if (after.isPresent()) {
                bindCursor(statement, 1, after.get().value());
                bindCursor(statement, 2, after.get().value());
                statement.setString(3, after.get().lastKey());
            }
            return new Rows(table, statement, statement.executeQuery());
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Which of {@code keys} (at most {@link #KEY_CHUNK}) the source table still has. */
    Set<String> presentKeys(Connection connection, SyncTable table, List<String> keys, int timeoutSeconds)
            throws SQLException {
        Set<String> present = new HashSet<>();
        if (keys.isEmpty()) {
            return present;
        }
        try (PreparedStatement statement = connection.prepareStatement(keysStatement(table, keys.size()))) {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < keys.size(); i++) {
                statement.setString(i + 1, keys.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
        }
        return present;
    }

    private void bindCursor(PreparedStatement statement, int index, String value) throws SQLException {
        if (cursorKind == CursorKind.ROWVERSION) {
            statement.setBytes(index, HexFormat.of().parseHex(value));
        } else {
            statement.setObject(index, parseModifiedAt(value));
        }
    }

    /** A modified-at cursor as it was read: with an offset (DATETIMEOFFSET) or without (DATETIME2). */
    static Object parseModifiedAt(String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(value);
        }
    }

    /** A streaming result set over one table's rows, in cursor order. */
    final class Rows implements AutoCloseable {

        private final SyncTable table;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final int modifiedAt;
        private final int deleted;
        private final int[] types;

        private Rows(SyncTable table, PreparedStatement statement, ResultSet rs) throws SQLException {
            this.table = table;
            this.statement = statement;
            this.rs = rs;
            this.modifiedAt = table.columns().indexOf(SyncTable.MODIFIED_AT) + 1;
            this.deleted = table.columns().indexOf("IsDeleted") + 1;
            this.types = new int[rs.getMetaData().getColumnCount() + 1];
            for (int i = 1; i < types.length; i++) {
                types[i] = rs.getMetaData().getColumnType(i);
            }
        }

        private boolean exhausted;

        boolean next() throws SQLException {
            boolean more = rs.next();
            exhausted = !more;
            return more;
        }

        /** The row's primary key (1-based column 1), as text. */
        String key() throws SQLException {
            return rs.getString(1);
        }

        String text(int column) throws SQLException {
            return rs.getString(column);
        }

        BigDecimal decimal(int column) throws SQLException {
            return rs.getBigDecimal(column);
        }

        /** A date-time column as an instant: a DATETIME2 is taken as UTC, a DATETIMEOFFSET as it says. */
        Instant instant(int column) throws SQLException {
            Object value = dateTime(column);
            if (value == null) {
                return null;
            }
            return value instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
        }

        Instant modifiedAt() throws SQLException {
            return instant(modifiedAt);
        }

        boolean deleted() throws SQLException {
            return rs.getBoolean(deleted);
        }

        /** The cursor column's value exactly as the source holds it, as text (hex for a ROWVERSION). */
        String cursorValue() throws SQLException {
            if (cursorKind == CursorKind.ROWVERSION) {
                byte[] version = rs.getBytes(table.columns().size() + 1);
                return version == null ? null : HexFormat.of().formatHex(version);
            }
            Object value = dateTime(modifiedAt);
            return value == null ? null : value.toString();
        }

        /** A LocalDateTime (no offset in the source) or an OffsetDateTime, nanoseconds kept. */
        private Object dateTime(int column) throws SQLException {
            int type = types[column];
            // -155: mssql-jdbc's DATETIMEOFFSET (microsoft.sql.Types.DATETIMEOFFSET).
            if (type == Types.TIMESTAMP_WITH_TIMEZONE || type == -155) {
                return rs.getObject(column, OffsetDateTime.class);
            }
            Object value = rs.getObject(column);
            if (value == null) {
                return null;
            }
            if (value instanceof Timestamp timestamp) {
                return timestamp.toLocalDateTime();
            }
            if (value instanceof OffsetDateTime || value instanceof LocalDateTime) {
                return value;
            }
            return rs.getObject(column, LocalDateTime.class);
        }

        /**
         * Closes the read. Left before its end (a deadline, a failure), the statement is cancelled
         * first: a streaming MariaDB result set would otherwise be read to its end on close.
         */
        @Override
        public void close() throws SQLException {
            if (!exhausted) {
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // closing is all that is left to do
                }
            }
            try (statement) {
                rs.close();
            }
        }
    }
}
