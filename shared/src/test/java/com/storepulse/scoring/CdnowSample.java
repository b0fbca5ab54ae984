package com.storepulse.scoring;

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

    private CdnowSample() {
    }

    /**
     * The file: CDNOW_FILE, else {@code shared/datasets/cdnow/CDNOW_sample.txt} beside the checkout
     * (found from the working directory upward); without either the test is skipped, or fails in CI
     * ({@link SharedFixtures}).
     */
    public static Path file() {
        String override = System.getProperty("CDNOW_FILE", System.getenv("CDNOW_FILE"));
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return SharedFixtures.require(RELATIVE);
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
