package com.storepulse.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Redirects System.out (where EMF goes) for the duration of a test. */
public final class CapturedStdout implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public CapturedStdout() {
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** Every stdout line that is an EMF document (has {@code _aws.CloudWatchMetrics}). */
    public List<JsonNode> emfDocuments() {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                try {
                    documents.add(Json.mapper().readTree(line));
                } catch (java.io.IOException e) {
                    throw new AssertionError("EMF line is not JSON: " + line, e);
                }
            }
        }
        return documents;
    }

    public String raw() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
