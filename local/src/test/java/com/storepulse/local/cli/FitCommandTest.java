package com.storepulse.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.scoring.CdnowSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FitCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The real CDNOW sample rewritten as the CLI's CSV. */
    private Path cdnowCsv() throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("customer_id,date,amount");
        for (String line : Files.readAllLines(CdnowSample.file())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5) {
                rows.add(f[1] + "," + LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE) + "," + f[4]);
            }
        }
        return Files.write(dir.resolve("cdnow.csv"), rows);
    }

    @Test
    void fitsTheCdnowSampleToThePublishedEstimates() throws IOException {
        Outcome o = run("--transactions", cdnowCsv().toString(), "--end", "1997-09-30");
        assertEquals(0, o.code(), o.err());
        assertEquals(1, o.out().strip().lines().count(), "one JSON object on stdout");
        JsonNode json = Json.mapper().readTree(o.out());
        assertEquals(List.of("customers", "timeUnit", "bgnbd", "gammaGamma"), fieldNames(json), "the issue's keys, nothing else");
        assertEquals(List.of("r", "alpha", "a", "b", "logLikelihood"), fieldNames(json.get("bgnbd")));
        assertEquals(List.of("p", "q", "gamma", "logLikelihood"), fieldNames(json.get("gammaGamma")));
        assertEquals(2357, json.get("customers").asInt());
        assertEquals("weeks", json.get("timeUnit").asText());
        assertTrue(o.err().contains("status ok, 946 repeat customers"), "diagnostics on stderr: " + o.err());
        JsonNode bg = json.get("bgnbd");
        assertEquals(0.243, bg.get("r").asDouble(), 0.0005);
        assertEquals(4.414, bg.get("alpha").asDouble(), 0.0005);
        assertEquals(0.793, bg.get("a").asDouble(), 0.0005);
        assertEquals(2.426, bg.get("b").asDouble(), 0.0005);
        assertEquals(-9582.4, bg.get("logLikelihood").asDouble(), 0.05);
        JsonNode gg = json.get("gammaGamma");
        assertEquals(6.25, gg.get("p").asDouble(), 0.005);
        assertEquals(3.74, gg.get("q").asDouble(), 0.005);
        assertEquals(15.44, gg.get("gamma").asDouble(), 0.005);
        assertTrue(gg.get("logLikelihood").isNumber());
    }

    @Test
    void badUsageAndBadInputGiveAClearMessageAndExitCode2() throws IOException {
        Outcome missing = run("--transactions", "x.csv");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("required"), missing.err());

        Outcome badDate = run("--transactions", "x.csv", "--end", "30/09/1997");
        assertEquals(2, badDate.code());
        assertTrue(badDate.err().contains("YYYY-MM-DD"), badDate.err());

        Outcome noFile = run("--transactions", dir.resolve("nope.csv").toString(), "--end", "1997-09-30");
        assertEquals(2, noFile.code());
        assertTrue(noFile.err().contains("no such file"), noFile.err());

        Path badHeader = Files.writeString(dir.resolve("h.csv"), "id,day,value\n1,1997-01-01,3\n");
        assertTrue(run("--transactions", badHeader.toString(), "--end", "1997-09-30").err().contains("header"));

        Path badAmount = Files.writeString(dir.resolve("a.csv"), "customer_id,date,amount\n1,1997-01-01,3\n2,1997-01-02,lots\n");
        Outcome amount = run("--transactions", badAmount.toString(), "--end", "1997-09-30");
        assertEquals(2, amount.code());
        assertTrue(amount.err().contains("line 3") && amount.err().contains("amount"), amount.err());
        assertFalse(amount.err().contains("Exception"), "no stack trace: " + amount.err());

        Outcome unknown = run("--frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("usage"));
    }

    @Test
    void aTinyFileStillPrintsADefinedResult() throws IOException {
        Path tiny = Files.writeString(dir.resolve("t.csv"), "customer_id,date,amount\nc1,2024-01-01,10\nc1,2024-01-01,5\nc2,2024-02-01,20\n");
        Outcome o = run("--transactions", tiny.toString(), "--end", "2024-03-01");
        assertEquals(0, o.code(), o.err());
        JsonNode json = Json.mapper().readTree(o.out());
        assertEquals(2, json.get("customers").asInt());
        assertEquals(List.of("customers", "timeUnit", "bgnbd", "gammaGamma"), fieldNames(json));
        assertTrue(json.get("bgnbd").get("r").isNumber());
        assertTrue(json.get("bgnbd").get("logLikelihood").isNull(), "no likelihood: the default parameters were not fitted");
        assertTrue(o.err().contains("insufficient_data"), o.err());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
