package com.storepulse.devservers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the workspace's real data sets are: never copied into the repository, found beside (or
 * above) the checkout in its {@code shared/datasets/} folder. The CLI and the tests look them up
 * here, so both find the same file.
 */
public final class Datasets {

    private Datasets() {}

    /**
     * The CDNOW sample: {@code CDNOW_FILE} if set (a system property outranks the environment, as
     * in the functions' settings), else the first {@code shared/datasets/cdnow/} found walking up
     * from the working directory (checkouts sit beside or below that folder).
     */
    public static Optional<Path> cdnowSample() {
        String configured = System.getProperty("CDNOW_FILE", System.getenv("CDNOW_FILE"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/cdnow/CDNOW_sample.txt");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
