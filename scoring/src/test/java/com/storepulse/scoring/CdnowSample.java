package com.storepulse.scoring;

import com.storepulse.devservers.Datasets;
import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The real CDNOW sample (shared/datasets/cdnow/, beside the checkout; never copied into the
 * repository). Override the location with the system property or environment variable CDNOW_FILE.
 */
public final class CdnowSample {

    public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static final String RELATIVE = "datasets/cdnow/CDNOW_sample.txt";

    private CdnowSample() {}

    /**
     * The file, found as the CLI finds it ({@link Datasets#cdnowSample}: CDNOW_FILE, else
     * {@code shared/datasets/cdnow/} beside the checkout); without it the test is skipped, or fails
     * in CI ({@link SharedFixtures}).
     */
    public static Path file() {
        return Datasets.cdnowSample()
                .filter(Files::isRegularFile)
                .orElseGet(() -> SharedFixtures.missing(
                        "the CDNOW sample (CDNOW_FILE, or shared/" + RELATIVE + " beside the checkout)"));
    }

    /** Whitespace-separated: master id, sample id, YYYYMMDD, CDs, dollars. */
    public static TransactionLog load() {
        TransactionLog log = new TransactionLog();
        try {
            List<String> lines = Files.readAllLines(file());
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5) {
                    continue;
                }
                log.add(f[1], LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE), Double.parseDouble(f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }
}
