package com.storepulse.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows streamed into a {@link BulkApplier} staging table through one {@code COPY ... FROM STDIN}
 * (text format), field by field, so a batch goes from the source's result set to PostgreSQL
 * without being held in memory. Open it with {@link BulkApplier#stageCustomers} or {@link
 * BulkApplier#stageOrders}; the columns are written in the order those methods document.
 */
public final class StagingCopy implements AutoCloseable {

    private final PGCopyOutputStream stream;
    private final Writer out;
    private boolean rowStarted;
    private long rows;
    private boolean finished;

    private StagingCopy(PGCopyOutputStream stream) {
        this.stream = stream;
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    static StagingCopy open(Handle handle, String copySql) {
        try {
            PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
            return new StagingCopy(
                    new PGCopyOutputStream(connection.getCopyAPI().copyIn(copySql), 1 << 16));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the staging COPY", e);
        }
    }

    public StagingCopy text(String value) {
        field();
        if (value == null) {
            write("\\N");
            return this;
        }
        try {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    // PostgreSQL text cannot hold NUL; the source's NUL characters are dropped.
                    case '\0' -> {}
                    default -> out.write(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("staging COPY failed", e);
        }
        return this;
    }

    public StagingCopy timestamp(Instant value) {
        field();
        write(value == null ? "\\N" : value.toString());
        return this;
    }

    public StagingCopy decimal(BigDecimal value) {
        field();
        write(value == null ? "\\N" : value.toPlainString());
        return this;
    }

    public StagingCopy bool(boolean value) {
        field();
        write(value ? "t" : "f");
        return this;
    }

    public void endRow() {
        write("\n");
        rowStarted = false;
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Ends the COPY; returns the rows the server took. */
    long finish() {
        try {
            out.flush();
            long taken = stream.endCopy();
            finished = true;
            return taken;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("staging COPY failed", e);
        }
    }

    @Override
    public void close() {
        if (!finished && stream.isActive()) {
            try {
                stream.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back by the caller anyway
            }
        }
    }

    private void field() {
        if (rowStarted) {
            write("\t");
        }
        rowStarted = true;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException("staging COPY failed", e);
        }
    }
}
