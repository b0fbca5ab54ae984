package com.storepulse.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.scoring.CdnowSample;
import com.storepulse.scoring.PurchaseSummary;
import com.storepulse.scoring.TransactionLog;
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

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FitCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
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
        assertEquals(
                List.of("customers", "timeUnit", "bgnbd", "gammaGamma"),
                fieldNames(json),
                "the issue's keys, nothing else");
        assertEquals(List.of("r", "alpha", "a", "b", "logLikelihood"), fieldNames(json.get("bgnbd")));
        assertEquals(List.of("p", "q", "gamma", "logLikelihood"), fieldNames(json.get("gammaGamma")));
        assertEquals(2357, json.get("customers").asInt());
        assertEquals("weeks", json.get("timeUnit").asText());
        assertTrue(
                o.err().contains("status ok, 2357 customers, 946 repeat customers"),
                "diagnostics on stderr: " + o.err());
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
        assertTrue(run("--transactions", badHeader.toString(), "--end", "1997-09-30")
                .err()
                .contains("header"));

        Path badAmount =
                Files.writeString(dir.resolve("a.csv"), "customer_id,date,amount\n1,1997-01-01,3\n2,1997-01-02,lots\n");
        Outcome amount = run("--transactions", badAmount.toString(), "--end", "1997-09-30");
        assertEquals(2, amount.code());
        assertTrue(amount.err().contains("line 3") && amount.err().contains("amount"), amount.err());
        assertFalse(amount.err().contains("Exception"), "no stack trace: " + amount.err());

        Outcome unknown = run("--frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("usage"));
    }

    @Test
    void tooLittleDataIsExit3WithNothingOnStdout() throws IOException {
        Path tiny = Files.writeString(
                dir.resolve("t.csv"), "customer_id,date,amount\nc1,2024-01-01,10\nc1,2024-01-01,5\nc2,2024-02-01,20\n");
        Outcome o = run("--transactions", tiny.toString(), "--end", "2024-03-01");
        assertEquals(3, o.code(), o.err());
        assertEquals("", o.out(), "the fallback parameters are not printed as a fit");
        assertTrue(o.err().contains("too little data") && o.err().contains("2 customers"), o.err());

        Path empty = Files.writeString(dir.resolve("e.csv"), "customer_id,date,amount\n");
        Outcome none = run("--transactions", empty.toString(), "--end", "2024-03-01");
        assertEquals(3, none.code(), none.err());
        assertTrue(none.err().contains("0 customers"), none.err());

        Outcome before = run("--transactions", cdnowCsv().toString(), "--end", "1996-12-31");
        assertEquals(3, before.code(), "every purchase is after --end: " + before.err());
        assertEquals("", before.out());
    }

    @Test
    void aFitThatDoesNotConvergeIsPrintedWithExit4AndSaysWhy() throws IOException {
        // 1,500 customers who all bought again on the last day: recency = tenure for everyone,
        // the likelihood is flat in the dropout direction and b runs off toward infinity
        List<String> rows = new ArrayList<>(List.of("customer_id,date,amount"));
        LocalDate end = LocalDate.of(2024, 12, 31);
        for (int i = 0; i < 1_500; i++) {
            rows.add("c" + i + "," + end.minusDays(30 + i % 300) + "," + (10 + i % 40));
            rows.add("c" + i + "," + end + "," + (12 + i % 30));
        }
        Path file = Files.write(dir.resolve("last-day.csv"), rows);
        Outcome o = run("--transactions", file.toString(), "--end", end.toString());
        assertEquals(4, o.code(), o.err());
        assertTrue(o.err().contains("not_converged") && o.err().contains("the data do not pin it down"), o.err());
        JsonNode json = Json.mapper().readTree(o.out());
        assertEquals(1500, json.get("customers").asInt());
        assertTrue(json.get("bgnbd").get("logLikelihood").isNumber());
    }

    @Test
    void onlyPlainDecimalAmountsAreAccepted() throws IOException {
        for (String amount : new String[] {"0x1p3", "1d", "1f", "NaN", "Infinity", "1,5", "12.5.1", ""}) {
            Path file = Files.writeString(
                    dir.resolve("amount.csv"), "customer_id,date,amount\nc1,2024-01-01," + amount + "\n");
            Outcome o = run("--transactions", file.toString(), "--end", "2024-03-01");
            assertEquals(2, o.code(), amount + ": " + o.err());
            assertTrue(o.err().contains("line 2"), amount + ": " + o.err());
        }
        Path ok = Files.writeString(
                dir.resolve("ok.csv"),
                "customer_id,date,amount\nc1,2024-01-01,12\nc1,2024-01-02,.5\nc2,2024-01-03,1e2\n");
        assertTrue(
                run("--transactions", ok.toString(), "--end", "2024-03-01").code() != 2, "12, .5 and 1e2 are amounts");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        Path file = Files.writeString(
                dir.resolve("quoted.csv"),
                "\"customer_id\",\"date\",\"amount\"\r\n"
                        + "\"a,1\",2024-01-01,10\r\n"
                        + "\"a,1\",\"2024-02-01\",\"5.5\"\r\n"
                        + "\"b \"\"the\"\" one\",2024-01-03,7\n"
                        + "\"c\nd\",2024-01-04,1\n"
                        + "\n"
                        + "e,2024-01-05,2\n");
        TransactionLog log = TransactionsCsv.read(file);
        assertEquals(4, log.customerCount(), "a,1 is one customer id, not two fields");
        List<PurchaseSummary> summaries = log.summarize(LocalDate.of(2024, 3, 1));
        assertEquals(1, summaries.get(0).frequency(), "both rows of a,1 are the same customer: one repeat purchase");

        Path unclosed = Files.writeString(dir.resolve("unclosed.csv"), "customer_id,date,amount\n\"a,2024-01-01,10\n");
        Outcome o = run("--transactions", unclosed.toString(), "--end", "2024-03-01");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("not valid CSV"), o.err());
        assertFalse(o.err().contains("Exception"), "no stack trace: " + o.err());

        Path fourFields = Files.writeString(dir.resolve("four.csv"), "customer_id,date,amount\na,1,2024-01-01,10\n");
        Outcome four = run("--transactions", fourFields.toString(), "--end", "2024-03-01");
        assertEquals(2, four.code());
        assertTrue(four.err().contains("line 2") && four.err().contains("expected 3 fields"), four.err());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
