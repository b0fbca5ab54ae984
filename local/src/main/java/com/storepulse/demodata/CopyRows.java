package com.storepulse.demodata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams rows into one {@code COPY ... FROM STDIN} (text format) through pgJDBC's CopyManager.
 * Rows are encoded straight into a byte buffer, so ten million of them never sit in memory and
 * no per-field String is made for numbers and timestamps.
 */
final class CopyRows implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int length;
    private boolean firstField = true;
    private long rows;
    private boolean finished;

    private CopyRows(OutputStream out) {
        this.out = out;
    }

    /** Starts {@code copySql} (a {@code COPY table (columns) FROM STDIN}) on the handle's connection. */
    static CopyRows open(Handle handle, String copySql) {
        try {
            CopyIn copyIn = handle.getConnection()
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(copySql);
            return new CopyRows(new PGCopyOutputStream(copyIn, BUFFER));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start " + copySql, e);
        }
    }

    CopyRows text(String value) {
        if (value == null) {
            return nullValue();
        }
        separator();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> raw2('\\', '\\');
                case '\t' -> raw2('\\', 't');
                case '\n' -> raw2('\\', 'n');
                case '\r' -> raw2('\\', 'r');
                default -> {
                    if (c < 0x80) {
                        raw((byte) c);
                    } else {
                        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                            raw(b);
                        }
                    }
                }
            }
        }
        return this;
    }

    /** An identifier made of a constant ASCII prefix and a number: {@code cus_42}. */
    CopyRows key(String prefix, long number) {
        separator();
        ascii(prefix);
        digits(number);
        return this;
    }

    /** An identifier made of a constant ASCII prefix and two numbers: {@code ord_42-3}. */
    CopyRows key(String prefix, long first, long second) {
        key(prefix, first);
        raw((byte) '-');
        digits(second);
        return this;
    }

    CopyRows number(long value) {
        separator();
        digits(value);
        return this;
    }

    /** An amount in cents as a decimal with two places: -1234 becomes -12.34. */
    CopyRows cents(long cents) {
        separator();
        if (cents < 0) {
            raw((byte) '-');
            cents = -cents;
        }
        digits(cents / 100);
        raw((byte) '.');
        long fraction = cents % 100;
        raw((byte) ('0' + fraction / 10));
        raw((byte) ('0' + fraction % 10));
        return this;
    }

    /** A UTC timestamp from epoch seconds, as {@code yyyy-mm-dd hh:mm:ss+00}. */
    CopyRows timestamp(long epochSecond) {
        separator();
        long day = Math.floorDiv(epochSecond, 86_400);
        long second = Math.floorMod(epochSecond, 86_400);
        int dateKey = CivilDate.dateKey(day);
        threeFields(dateKey / 10_000, 4, dateKey / 100 % 100, dateKey % 100, '-');
        raw((byte) ' ');
        threeFields(second / 3600, 2, second / 60 % 60, second % 60, ':');
        raw((byte) '+');
        raw((byte) '0');
        raw((byte) '0');
        return this;
    }

    CopyRows nullValue() {
        separator();
        raw2('\\', 'N');
        return this;
    }

    void endRow() {
        raw((byte) '\n');
        firstField = true;
        rows++;
    }

    /** Ends the COPY; returns the number of rows the server took. */
    long finish() {
        try {
            flushBuffer();
            out.close();
            finished = true;
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("COPY failed", e);
        }
    }

    @Override
    public void close() {
        if (!finished && out instanceof PGCopyOutputStream copy && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back anyway
            }
        }
    }

    private void separator() {
        if (!firstField) {
            raw((byte) '\t');
        }
        firstField = false;
    }

    private void digits(long value) {
        if (value < 0) {
            raw((byte) '-');
            value = -value;
        }
        if (value >= 10) {
            digits(value / 10);
        }
        raw((byte) ('0' + value % 10));
    }

    /** {@code a<sep>b<sep>c}, a padded to {@code firstWidth} digits, b and c to two. */
    private void threeFields(long a, int firstWidth, long b, long c, char separator) {
        digitsPadded(a, firstWidth);
        raw((byte) separator);
        digitsPadded(b, 2);
        raw((byte) separator);
        digitsPadded(c, 2);
    }

    private void digitsPadded(long value, int width) {
        for (long scale = pow10(width - 1); scale > 0; scale /= 10) {
            raw((byte) ('0' + value / scale % 10));
        }
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private void ascii(String constant) {
        for (int i = 0; i < constant.length(); i++) {
            raw((byte) constant.charAt(i));
        }
    }

    private void raw2(char a, char b) {
        raw((byte) a);
        raw((byte) b);
    }

    private void raw(byte b) {
        if (length == BUFFER) {
            flushBuffer();
        }
        buffer[length++] = b;
    }

    private void flushBuffer() {
        try {
            out.write(buffer, 0, length);
            length = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("COPY failed", e);
        }
    }
}
