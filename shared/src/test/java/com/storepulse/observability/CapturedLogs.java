package com.storepulse.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Captures what the root logger writes, formatted by the layout of the real {@code JsonAppender}
 * from log4j2.xml, so tests read exactly the JSON lines Lambda would ship to CloudWatch. The lines
 * still go to the console as well, where the build's log scan (LogScanIT) reads them again.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final StringWriter out = new StringWriter();
    private final String name = "captured-logs-" + SEQUENCE.incrementAndGet();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    public CapturedLogs() {
        Configuration config = context.getConfiguration();
        Appender json = config.getAppender("JsonAppender");
        if (json == null) {
            throw new IllegalStateException("log4j2.xml has no JsonAppender; is shared's log4j2.xml on the classpath?");
        }
        appender = WriterAppender.newBuilder()
                .setName(name)
                .setTarget(out)
                .setLayout(json.getLayout())
                .build();
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public synchronized List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(Json.mapper().readTree(line));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("log line is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The one line whose message is {@code message}. */
    public JsonNode line(String message) {
        List<JsonNode> matching = lines().stream()
                .filter(l -> message.equals(l.path("message").asText()))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one line '" + message + "', got " + matching + " in " + out);
        }
        return matching.get(0);
    }

    public String raw() {
        return out.toString();
    }

    /** The lines written since the last call, and forgets them: a fuzz case reads the lines it caused. */
    public String take() {
        StringBuffer buffer = out.getBuffer();
        synchronized (buffer) {
            String lines = buffer.toString();
            buffer.setLength(0);
            return lines;
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(name);
        context.updateLoggers();
        appender.stop();
    }
}
