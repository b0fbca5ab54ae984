package com.storepulse.local.cli;

import com.storepulse.scoring.TransactionLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads a {@code customer_id,date,amount} CSV (one row per purchase) into a {@link TransactionLog}. */
final class TransactionsCsv {

    static final String HEADER = "customer_id,date,amount";
    /**
     * Plain decimals only (12, 12.5, .5, -3 is refused below): Double.parseDouble alone would take
     * Java's own forms too (0x1p3, 1d, NaN, Infinity), which no shop export means as an amount.
     */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    /** Bad input, with the line it was found on; the CLI prints the message, never a stack trace. */
    static final class InvalidCsvException extends Exception {
        InvalidCsvException(String message) {
            super(message);
        }
    }

    private TransactionsCsv() {}

    static TransactionLog read(Path file) throws InvalidCsvException {
        TransactionLog log = new TransactionLog();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null
                    || !HEADER.equals(
                            stripBom(header).replace(" ", "").replace("\"", "").toLowerCase())) {
                throw new InvalidCsvException(file + ": the first line must be the header " + HEADER);
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 3) {
                    throw new InvalidCsvException(
                            file + " line " + number + ": expected 3 fields (" + HEADER + "), got " + f.length);
                }
                String customer = unquote(f[0]);
                if (customer.isEmpty()) {
                    throw new InvalidCsvException(file + " line " + number + ": customer_id is empty");
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(unquote(f[1]));
                } catch (DateTimeParseException e) {
                    throw new InvalidCsvException(
                            file + " line " + number + ": date must be YYYY-MM-DD, got '" + f[1] + "'");
                }
                double amount;
                String amountText = unquote(f[2]);
                if (!DECIMAL.matcher(amountText).matches()) {
                    throw new InvalidCsvException(file + " line " + number
                            + ": amount must be a decimal number like 12.50, got '" + f[2] + "'");
                }
                amount = Double.parseDouble(amountText);
                if (!(amount >= 0) || Double.isInfinite(amount)) {
                    throw new InvalidCsvException(
                            file + " line " + number + ": amount must be a finite number >= 0, got '" + f[2] + "'");
                }
                log.add(customer, day, amount);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidCsvException("no such file: " + file);
        } catch (IOException e) {
            throw new InvalidCsvException("cannot read " + file + ": " + e.getMessage());
        }
        return log;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
