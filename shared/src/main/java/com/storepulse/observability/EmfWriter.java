package com.storepulse.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format documents to stdout, one a line, in the shape the EMF
 * library behind Powertools writes them: {@code _aws} (timestamp, one directive with the
 * namespace, the metrics' names and units and one dimension set), the dimension values, then each
 * metric's value (a number, or an array when recorded more than once). At most
 * {@value #MAX_METRICS} metrics per document and {@value #MAX_VALUES} values per metric, as
 * CloudWatch requires: more go into further documents.
 *
 * <p>Metrics without dimensions of their own are kept until {@link #flush}; thread-safe.
 */
final class EmfWriter {

    static final int MAX_METRICS = 100;
    static final int MAX_VALUES = 100;
    private static final int MAX_NAME_LENGTH = 1024;

    private final String namespace;
    private final String functionDimension;
    private final String functionName;
    private final boolean disabled;
    /** Metric name to its unit and values, in the order first recorded. */
    private final Map<String, Recorded> pending = new LinkedHashMap<>();

    private record Recorded(String unit, List<Double> values) {}

    EmfWriter(String namespace, String functionDimension, String functionName, boolean disabled) {
        this.namespace = namespace;
        this.functionDimension = functionDimension;
        this.functionName = functionName;
        this.disabled = disabled;
    }

    /** Keeps a metric for the next {@link #flush}; an invalid name or value throws at once. */
    void add(String metric, double value, String unit) {
        validate(metric, value);
        synchronized (pending) {
            pending.computeIfAbsent(metric, name -> new Recorded(unit, new ArrayList<>()))
                    .values()
                    .add(value);
        }
    }

    /** One metric with dimensions of its own (besides the function's), written now as its own document. */
    void writeSingle(String metric, double value, String unit, Map<String, String> dimensions) {
        validate(metric, value);
        if (disabled) {
            return;
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(functionDimension, functionName);
        all.putAll(dimensions);
        print(document(all, Map.of(metric, new Recorded(unit, List.of(value)))));
    }

    /** Writes the kept metrics (as many documents as the limits need) and forgets them. */
    void flush() {
        Map<String, Recorded> metrics;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            metrics = new LinkedHashMap<>(pending);
            pending.clear();
        }
        if (disabled) {
            return;
        }
        Map<String, String> dimensions = Map.of(functionDimension, functionName);
        // Each round takes up to MAX_VALUES values of up to MAX_METRICS metrics.
        while (!metrics.isEmpty()) {
            Map<String, Recorded> document = new LinkedHashMap<>();
            var it = metrics.entrySet().iterator();
            while (it.hasNext() && document.size() < MAX_METRICS) {
                var entry = it.next();
                List<Double> values = entry.getValue().values();
                int take = Math.min(values.size(), MAX_VALUES);
                document.put(entry.getKey(), new Recorded(entry.getValue().unit(), values.subList(0, take)));
                if (take == values.size()) {
                    it.remove();
                } else {
                    entry.setValue(new Recorded(entry.getValue().unit(), values.subList(take, values.size())));
                }
            }
            print(document(dimensions, document));
        }
    }

    private static void validate(String metric, double value) {
        if (metric == null || metric.isBlank() || metric.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("metric name must be 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + metric + ": value must be a finite number, was " + value);
        }
    }

    private String document(Map<String, String> dimensions, Map<String, Recorded> metrics) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", System.currentTimeMillis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Recorded> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String name : dimensions.keySet()) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Recorded> metric : metrics.entrySet()) {
                List<Double> values = metric.getValue().values();
                json.writeFieldName(metric.getKey());
                if (values.size() == 1) {
                    json.writeNumber(values.get(0));
                } else {
                    json.writeStartArray();
                    for (double v : values) {
                        json.writeNumber(v);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Where the EMF library's Lambda and Local environments write: the current System.out. */
    private static void print(String line) {
        System.out.println(line);
    }
}
