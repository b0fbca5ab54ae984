package com.storepulse.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartOptionsTest {

    @TempDir
    Path dir;

    private String jarA;
    private String jarB;
    private String event;

    @BeforeEach
    void files() throws IOException {
        jarA = Files.createFile(dir.resolve("a.jar")).toString();
        jarB = Files.createFile(dir.resolve("b.jar")).toString();
        event = Files.writeString(dir.resolve("event.json"), "{}").toString();
    }

    @Test
    void eachJarStartsATargetThatInheritsTheEarlierEventAndTheCommonEnv() {
        ColdStartOptions options = ColdStartOptions.parse(
                "--env",
                "DATABASE_URL=postgres://db/x",
                "--jar",
                jarA,
                "--name",
                "A",
                "--handler",
                "a.Handler",
                "--event",
                event,
                "--env",
                "MODE=a",
                "--jar",
                jarB,
                "--handler",
                "b.Handler",
                "--env",
                "DATABASE_URL=postgres://db/y");

        assertEquals(2, options.targets().size());
        ColdStartOptions.Target a = options.targets().get(0);
        ColdStartOptions.Target b = options.targets().get(1);
        assertEquals("A", a.name());
        assertEquals("a.Handler", a.handler());
        assertEquals(Map.of("DATABASE_URL", "postgres://db/x", "MODE", "a"), a.env());
        assertEquals("b.jar", b.name());
        assertEquals(a.event(), b.event());
        assertEquals(Map.of("DATABASE_URL", "postgres://db/y"), b.env());
        assertEquals(5, options.runs());
        assertEquals(1, options.warmups());
        assertEquals(List.of(JvmConfig.DEFAULT, JvmConfig.C1), options.configs());
    }

    @Test
    void floorReusesTheFirstTargetsJarAndEventWithTheNoOpHandler() {
        ColdStartOptions options = ColdStartOptions.parse(
                "--jar", jarA, "--handler", "a.Handler", "--event", event, "--floor", "--runs", "7", "--configs", "c1");

        ColdStartOptions.Target floor = options.targets().getLast();
        assertEquals(NoOpApiHandler.class.getName(), floor.handler());
        assertEquals(options.targets().getFirst().jar(), floor.jar());
        assertEquals(7, options.runs());
        assertEquals(List.of(JvmConfig.C1), options.configs());
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertMessage("has no --handler", "--jar", jarA, "--event", event);
        assertMessage("has no --event", "--jar", jarA, "--handler", "a.Handler");
        assertMessage("must follow the --jar", "--handler", "a.Handler", "--jar", jarA);
        assertMessage("no such file", "--jar", dir.resolve("missing.jar").toString());
        assertMessage("KEY=VALUE", "--env", "NOEQUALS", "--jar", jarA);
        assertMessage(
                "unknown --configs entry 'c2'", "--jar", jarA, "--handler", "h", "--event", event, "--configs", "c2");
        assertMessage("whole number >= 1", "--jar", jarA, "--handler", "h", "--event", event, "--runs", "0");
        assertMessage("needs a value", "--jar", jarA, "--handler");
        assertMessage("at least one --jar");
        assertMessage("unknown option --jars", "--jars", jarA);
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> ColdStartOptions.parse(args));
        assertTrue(
                error.getMessage().contains(expected),
                () -> "'" + error.getMessage() + "' should mention '" + expected + "'");
    }
}
