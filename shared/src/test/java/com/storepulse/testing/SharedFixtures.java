package com.storepulse.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Files from the workspace's {@code shared/} folder beside the checkout (the CDNOW data set,
 * AWS's own event samples, AWS's SAM schema): real data that is never copied into the repository.
 *
 * <p>Where that folder is missing (a laptop with only the repository), a test that needs one of
 * its files is skipped and says what is missing. CI sets {@value #REQUIRED} ({@code .ci/run}); then
 * a missing file fails the test instead, so CI can never go green by skipping.
 */
public final class SharedFixtures {

    /** Set (to anything but {@code 0}/{@code false}) to make a missing fixture a failure. */
    public static final String REQUIRED = "STOREPULSE_FIXTURES_REQUIRED";

    private SharedFixtures() {}

    /** {@code shared/<relative>} in the working directory or the nearest ancestor that has it. */
    public static Optional<Path> find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The file, or the calling test is skipped (failed under {@value #REQUIRED}). */
    public static Path require(String relative) {
        return find(relative).orElseGet(() -> missing("shared/" + relative + " (beside the checkout)"));
    }

    /** Skips the calling test because {@code what} is missing, or fails it under {@value #REQUIRED}. */
    public static <T> T missing(String what) {
        String value = System.getProperty(REQUIRED, System.getenv(REQUIRED));
        if (value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false")) {
            throw new IllegalStateException(
                    what + " not found, and " + REQUIRED + " is set: this test must not be skipped");
        }
        Assumptions.abort(what + " not found: test skipped (keep the workspace's shared/ folder beside the checkout)");
        throw new AssertionError("unreachable");
    }
}
