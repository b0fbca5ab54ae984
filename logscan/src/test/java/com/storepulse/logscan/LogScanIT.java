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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The log scan of a test run (issue 15): every line every test of this build printed (surefire and
 * failsafe keep each test class's stdout and stderr in {@code target/*-reports/*-output.txt}, as
 * the parent pom asks) and every function jar's runtime log of the jar-start test is read with
 * {@link LogScan}'s rules; one finding fails the build. This module is the reactor's last (it
 * depends on bench, which comes after every other module), so in {@code ./mvnw verify} it runs
 * when every module's tests have run; a partial build ({@code -pl ... -am}) scans the modules it
 * built. Outputs older than this build ({@code storepulse.buildStart}, Maven's session start) are
 * left out: a partial rebuild does not re-read another module's earlier run.
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
        Map<String, Integer> perModule = new TreeMap<>();
        long lines = 0;
        for (Path output : outputs) {
            Path relative = REPO.relativize(output);
            List<String> text = Files.readAllLines(output, StandardCharsets.UTF_8);
            lines += text.size();
            perModule.merge(module(relative), 1, Integer::sum);
            LogScan.scan(text).forEach(f -> findings.add(relative + ": " + f));
        }
        System.out.println("log scan: " + outputs.size() + " test outputs, " + lines + " lines, " + findings.size()
                + " findings; outputs per module " + perModule);
        assertEquals(List.of(), findings, findings.size() + " log lines hold a secret or an e-mail address");
    }

    private static Instant buildStart() {
        String start = System.getProperty("storepulse.buildStart", "");
        return start.isBlank() ? Instant.EPOCH : Instant.parse(start);
    }

    /** {@code functions/customer-api/target/...} -> {@code functions/customer-api}. */
    private static String module(Path relative) {
        Path module = relative;
        while (module != null && !module.endsWith("target")) {
            module = module.getParent();
        }
        return module == null || module.getParent() == null
                ? relative.toString()
                : module.getParent().toString().replace('\\', '/');
    }

    private static List<Path> outputsSince(Instant buildStart) throws IOException {
        try (Stream<Path> files = Files.find(
                REPO,
                5,
                (path, attributes) -> attributes.isRegularFile()
                        && LogScan.isTestOutput(REPO.relativize(path))
                        && !path.getFileName().toString().startsWith(LogScanIT.class.getName())
                        && !attributes.lastModifiedTime().toInstant().isBefore(buildStart))) {
            return files.sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
