package com.storepulse.demodata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Imports the real CDNOW sample (Fader, Hardie and Lee) as one demo store: tenant {@code cdnow},
 * currency USD, purchases 1997-1998. Each line is one order: its external id is the sample
 * customer id, the date and the line number ({@code 0001-19970101-1}); same-day purchases stay
 * separate rows, as in the file (the papers merge them when fitting).
 */
public final class CdnowImporter {

    public static final String TENANT_SLUG = "cdnow";
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    /** One line of the file. */
    record Purchase(int line, String customer, LocalDate date, int items, long cents) {}

    private final Consumer<String> log;

    public CdnowImporter(Consumer<String> log) {
        this.log = log;
    }

    public LoadReport load(Jdbi jdbi, Path file) {
        List<Purchase> purchases = parse(file);
        boolean exists = !jdbi.withHandle(h -> h.createQuery(BulkLoad.sql("ExistingTenantSlugs"))
                        .bindArray("slugs", String.class, List.of(TENANT_SLUG))
                        .mapTo(String.class)
                        .list())
                .isEmpty();
        if (exists) {
            throw new IllegalStateException("CDNOW is already imported (tenant '" + TENANT_SLUG + "' exists)");
        }
        log.accept("CDNOW import: " + purchases.size() + " purchases from " + file);
        return new BulkLoad(jdbi, log).run(false, (handle, bulk) -> write(handle, bulk, purchases));
    }

    static List<Purchase> parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CDNOW file not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Purchase> purchases = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                purchases.add(parseLine(file, i + 1, line));
            }
        }
        if (purchases.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no purchases");
        }
        return purchases;
    }

    private static Purchase parseLine(Path file, int lineNumber, String line) {
        String[] fields = line.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException(
                    file + " line " + lineNumber + ": expected 5 columns (master id, sample id,"
                            + " yyyymmdd, CDs, dollars), found " + fields.length);
        }
        try {
            LocalDate date = LocalDate.parse(fields[2], YYYYMMDD);
            int items = Integer.parseInt(fields[3]);
            BigDecimal dollars = new BigDecimal(fields[4]);
            if (items < 0 || dollars.signum() < 0) {
                throw new NumberFormatException("negative");
            }
            return new Purchase(
                    lineNumber,
                    fields[1],
                    date,
                    items,
                    dollars.movePointRight(2)
                            .setScale(0, java.math.RoundingMode.HALF_EVEN)
                            .longValueExact());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": cannot read '" + line + "'");
        }
    }

    private static BulkLoad.Written write(Handle handle, BulkLoad bulk, List<Purchase> purchases) {
        long tenantId = handle.createQuery(BulkLoad.sql("InsertTenant"))
                .bind("slug", TENANT_SLUG)
                .bind("name", "CDNOW (sample)")
                .mapTo(Long.class)
                .one();
        long storeId = handle.createQuery(BulkLoad.sql("InsertStore"))
                .bind("tenantId", tenantId)
                .bind("name", "CDNOW online")
                .bind("currency", "USD")
                .bind("timezone", "UTC")
                .mapTo(Long.class)
                .one();
        LocalDate first =
                purchases.stream().map(Purchase::date).min(LocalDate::compareTo).orElseThrow();
        LocalDate last =
                purchases.stream().map(Purchase::date).max(LocalDate::compareTo).orElseThrow();
        handle.createUpdate(BulkLoad.sql("EnsureCalendarDays"))
                .bind("first", first)
                .bind("last", last)
                .execute();
        long nextId = bulk.nextCustomerId(handle);
        Map<String, Long> customerIds = new LinkedHashMap<>();
        for (Purchase p : purchases) {
            customerIds.computeIfAbsent(p.customer(), k -> nextId + customerIds.size());
        }
        long customers = bulk.phase("COPY dim_customer", () -> {
            try (CopyRows rows = CopyRows.open(handle, BulkLoad.sql("CopyCustomers"))) {
                customerIds.forEach((external, id) -> {
                    rows.number(id)
                            .number(storeId)
                            .text(external)
                            .nullValue()
                            .nullValue()
                            .nullValue()
                            .nullValue()
                            .nullValue();
                    rows.endRow();
                });
                return rows.finish();
            }
        });
        long orders = bulk.phase("COPY fact_order", () -> {
            try (CopyRows rows = CopyRows.open(handle, BulkLoad.sql("CopyOrders"))) {
                for (Purchase p : purchases) {
                    long at = p.date().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    rows.number(storeId)
                            .text(p.customer() + "-" + p.date().format(YYYYMMDD) + "-" + p.line())
                            .number(customerIds.get(p.customer()))
                            .number(CivilDate.dateKey(p.date().toEpochDay()))
                            .timestamp(at)
                            .text("order")
                            .cents(p.cents())
                            .text("USD")
                            .text("1")
                            .number(p.items())
                            .text("web");
                    rows.endRow();
                }
                return rows.finish();
            }
        });
        // The history ends with the day of the last purchase.
        Instant dataEnd = last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new BulkLoad.Written(List.of(storeId), customers, orders, 0, dataEnd);
    }
}
