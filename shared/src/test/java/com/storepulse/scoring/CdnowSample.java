package com.storepulse.scoring;

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
    private static final String RELATIVE = "shared/datasets/cdnow/CDNOW_sample.txt";

    private CdnowSample() {
    }

    /** The file: CDNOW_FILE, else the first {@code <dir>/shared/datasets/cdnow/CDNOW_sample.txt} above the working directory. */
    public static Path file() {
        String override = System.getProperty("CDNOW_FILE", System.getenv("CDNOW_FILE"));
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("CDNOW sample not found: expected " + RELATIVE
                + " beside the checkout (or in a parent directory), or set CDNOW_FILE");
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
