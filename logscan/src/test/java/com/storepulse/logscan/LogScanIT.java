package com.storepulse.logscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The log scan of a test run (issue 15): every line every test of this build printed (surefire and
 * failsafe keep each test class's stdout and stderr in {@code target/*-reports/*-output.txt}, as
 * the parent pom asks) is read with {@link LogScan}'s rules; one finding fails the build. It runs
 * in its own failsafe execution after this module's other integration tests, and this module is
 * the last in the reactor with tests, so it sees the whole run. Outputs older than this build
 * ({@code storepulse.buildStart}, Maven's session start) are left out: a partial rebuild does not
 * re-read another module's earlier run.
 */
class LogScanIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noTestOfThisBuildLoggedASecretOrACustomersEmail() throws IOException {
        Instant buildStart = buildStart();
        List<Path> outputs = outputsSince(buildStart);
        assertFalse(
                outputs.isEmpty(),
                "no test output newer than the build's start (" + buildStart + ") under " + REPO
                        + ": the surefire/failsafe configuration no longer keeps it in files");
        List<String> findings = new ArrayList<>();
        long lines = 0;
        for (Path output : outputs) {
            List<String> text = Files.readAllLines(output, StandardCharsets.UTF_8);
            lines += text.size();
            LogScan.scan(text).forEach(f -> findings.add(REPO.relativize(output) + ": " + f));
        }
        System.out.println(
                "log scan: " + outputs.size() + " test outputs, " + lines + " lines, " + findings.size() + " findings");
        assertEquals(List.of(), findings, findings.size() + " log lines hold a secret or an e-mail address");
    }

    private static Instant buildStart() {
        String start = System.getProperty("storepulse.buildStart", "");
        return start.isBlank() ? Instant.EPOCH : Instant.parse(start);
    }

    private static List<Path> outputsSince(Instant buildStart) throws IOException {
        try (Stream<Path> files = Files.find(
                REPO,
                5,
                (path, attributes) -> path.getFileName().toString().endsWith("-output.txt")
                        && path.getParent() != null
                        && path.getParent().getFileName().toString().matches("(surefire|failsafe)-reports")
                        && !path.getFileName().toString().startsWith(LogScanIT.class.getName())
                        && !attributes.lastModifiedTime().toInstant().isBefore(buildStart))) {
            return files.sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
