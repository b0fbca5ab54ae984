package com.storepulse.local.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.storepulse.scoring.TransactionLog;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a {@code customer_id,date,amount} CSV (one row per purchase) into a {@link TransactionLog}.
 * RFC 4180 CSV through Jackson's CSV parser: a field may be quoted, and a quoted field may hold
 * commas, doubled quotes and line breaks (a customer id such as {@code "a,1"}).
 */
final class TransactionsCsv {

    static final String HEADER = "customer_id,date,amount";
    private static final List<String> COLUMNS = List.of("customer_id", "date", "amount");
    /**
     * Plain decimals only (12, 12.5, .5, -3 is refused below): Double.parseDouble alone would take
     * Java's own forms too (0x1p3, 1d, NaN, Infinity), which no shop export means as an amount.
     */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    /** Bad input, with the line it was found on; the CLI prints the message, never a stack trace. */
    static final class InvalidCsvException extends Exception {
        InvalidCsvException(String message) {
            super(message);
        }
    }

    private TransactionsCsv() {}

    static TransactionLog read(Path file) throws InvalidCsvException {
        TransactionLog log = new TransactionLog();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser csv = CSV.createParser(in)) {
            Row header = next(csv);
            if (header == null || !isHeader(header.fields())) {
                throw new InvalidCsvException(file + ": the first line must be the header " + HEADER);
            }
            for (Row row = next(csv); row != null; row = next(csv)) {
                add(log, row.fields(), file + " line " + row.line());
            }
        } catch (NoSuchFileException e) {
            throw new InvalidCsvException("no such file: " + file);
        } catch (JacksonException e) {
            // Jackson's message quotes the input; the location is what the user needs.
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new InvalidCsvException(
                    file + (line > 0 ? " line " + line : "") + ": not valid CSV (an unclosed quote?)");
        } catch (IOException e) {
            throw new InvalidCsvException("cannot read " + file + ": " + e.getMessage());
        }
        return log;
    }

    /** One record and the line it starts on. */
    private record Row(int line, List<String> fields) {}

    /** The next record (the parser gives each as an array of strings), or null at the end. */
    private static Row next(JsonParser csv) throws IOException {
        if (csv.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        int line = -1;
        for (JsonToken t = csv.nextToken(); t != JsonToken.END_ARRAY && t != null; t = csv.nextToken()) {
            if (line < 0) {
                line = csv.currentTokenLocation().getLineNr();
            }
            fields.add(csv.getText());
        }
        return new Row(line, fields);
    }

    private static boolean isHeader(List<String> row) {
        if (row.size() != COLUMNS.size()) {
            return false;
        }
        for (int i = 0; i < row.size(); i++) {
            String name = i == 0 && row.get(i).startsWith("\uFEFF") ? row.get(i).substring(1) : row.get(i);
            if (!COLUMNS.get(i).equals(name.replace(" ", "").toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static void add(TransactionLog log, List<String> row, String where) throws InvalidCsvException {
        if (row.size() != 3) {
            throw new InvalidCsvException(where + ": expected 3 fields (" + HEADER + "), got " + row.size());
        }
        String customer = row.get(0);
        if (customer.isEmpty()) {
            throw new InvalidCsvException(where + ": customer_id is empty");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(row.get(1));
        } catch (DateTimeParseException e) {
            throw new InvalidCsvException(where + ": date must be YYYY-MM-DD, got '" + row.get(1) + "'");
        }
        String amountText = row.get(2);
        if (!DECIMAL.matcher(amountText).matches()) {
            throw new InvalidCsvException(
                    where + ": amount must be a decimal number like 12.50, got '" + amountText + "'");
        }
        double amount = Double.parseDouble(amountText);
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new InvalidCsvException(where + ": amount must be a finite number >= 0, got '" + amountText + "'");
        }
        log.add(customer, day, amount);
    }
}
