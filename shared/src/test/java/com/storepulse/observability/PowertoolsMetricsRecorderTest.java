package com.storepulse.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Reads the EMF JSON Powertools prints to stdout (the "Local" EMF environment, same format as Lambda's). */
class PowertoolsMetricsRecorderTest {

    private static final String NAMESPACE = "StorePulseEmfTest";

    private final PowertoolsMetricsRecorder recorder = PowertoolsMetricsRecorder.create(
            Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, NAMESPACE)), "webhook intake");

    @Test
    void countedAndTimedMetricsAppearWithNamespaceAndFunctionDimension() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            recorder.count(MetricNames.CACHE_HIT);
            recorder.count(MetricNames.CACHE_HIT);
            recorder.milliseconds("QueryTime", 12.5, Map.of());
            recorder.flush();

            JsonNode emf = onlyDocumentInOurNamespace(stdout);
            JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
            assertEquals("[[\"Function\"]]", directive.path("Dimensions").toString());
            // "webhook intake": whitespace is not allowed in an EMF dimension value.
            assertEquals("webhook_intake", emf.path("Function").asText());
            assertEquals(List.of(MetricNames.CACHE_HIT, "QueryTime"), metricNames(directive));
            assertEquals("Count", unitOf(directive, MetricNames.CACHE_HIT));
            assertEquals("Milliseconds", unitOf(directive, "QueryTime"));
            assertEquals("[1.0,1.0]", emf.path(MetricNames.CACHE_HIT).toString());
            assertEquals(12.5, emf.path("QueryTime").asDouble());
        }
    }

    @Test
    void metricsWithTheirOwnDimensionsAreWrittenAtOnceAsTheirOwnDocument() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            recorder.count(MetricNames.CACHE_MISS, 3, Map.of("Cache", "customer profile"));

            JsonNode emf = onlyDocumentInOurNamespace(stdout);
            JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
            assertEquals(
                    "[[\"Function\",\"Cache\"]]", directive.path("Dimensions").toString());
            assertEquals("customer_profile", emf.path("Cache").asText());
            assertEquals(3.0, emf.path(MetricNames.CACHE_MISS).asDouble());
        }
    }

    /** The documents written here are the ones Powertools' own flush writes (all but the timestamp). */
    @Test
    void documentsAreTheOnesPowertoolsWrites() {
        Metrics powertools = MetricsFactory.getMetricsInstance(); // configured by create(): namespace, dimension
        try (CapturedStdout stdout = new CapturedStdout()) {
            recorder.count(MetricNames.CACHE_HIT);
            recorder.count(MetricNames.CACHE_HIT);
            recorder.milliseconds("QueryTime", 12.5, Map.of());
            recorder.flush();
            recorder.count(MetricNames.CACHE_MISS, 3, Map.of("Cache", "customer profile"));

            powertools.addMetric(MetricNames.CACHE_HIT, 1, MetricUnit.COUNT);
            powertools.addMetric(MetricNames.CACHE_HIT, 1, MetricUnit.COUNT);
            powertools.addMetric("QueryTime", 12.5, MetricUnit.MILLISECONDS);
            powertools.flush();
            powertools.flushSingleMetric(
                    MetricNames.CACHE_MISS,
                    3,
                    MetricUnit.COUNT,
                    NAMESPACE,
                    DimensionSet.of("Function", "webhook_intake", "Cache", "customer_profile"));

            List<JsonNode> documents = stdout.emfDocuments();
            assertEquals(4, documents.size(), stdout.raw());
            assertEquals(withoutTimestamp(documents.get(2)), withoutTimestamp(documents.get(0)));
            assertEquals(withoutTimestamp(documents.get(3)), withoutTimestamp(documents.get(1)));
        }
    }

    @Test
    void aHundredAndOneValuesOfAMetricTakeTwoDocuments() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            for (int i = 0; i < 101; i++) {
                recorder.milliseconds("QueryTime", i, Map.of());
            }
            recorder.count(MetricNames.CACHE_HIT);
            recorder.flush();
            List<JsonNode> documents = stdout.emfDocuments();
            assertEquals(2, documents.size(), stdout.raw());
            assertEquals(100, documents.get(0).path("QueryTime").size());
            assertEquals(1.0, documents.get(0).path(MetricNames.CACHE_HIT).asDouble());
            assertEquals(100.0, documents.get(1).path("QueryTime").asDouble());
            assertFalse(documents.get(1).has(MetricNames.CACHE_HIT));
        }
    }

    private static JsonNode withoutTimestamp(JsonNode document) {
        JsonNode copy = document.deepCopy();
        ((ObjectNode) copy.path("_aws")).remove("Timestamp");
        return copy;
    }

    @Test
    void flushWithNothingRecordedWritesNothing() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            recorder.flush();
            assertEquals(List.of(), stdout.emfDocuments());
        }
    }

    @Test
    void aMetricThatCannotBeRecordedIsDroppedWithoutFailingTheCaller() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            recorder.count("NotANumber", Double.NaN, Map.of());
            recorder.count(MetricNames.CACHE_ERROR);
            recorder.flush();
            JsonNode emf = stdout.emfDocuments().get(0);
            assertEquals(1.0, emf.path(MetricNames.CACHE_ERROR).asDouble());
            assertFalse(emf.has("NotANumber"));
        }
    }

    @Test
    void anInvalidNamespaceIsAConfigurationError() {
        assertThrows(
                ConfigurationException.class,
                () -> PowertoolsMetricsRecorder.create(
                        Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "Store Pulse")), "fn"));
    }

    @Test
    void dimensionsAreMadeEmfSafe() {
        assertEquals("a_b_c", PowertoolsMetricsRecorder.dimensionValue(" a b\tc "));
        assertEquals("caf_", PowertoolsMetricsRecorder.dimensionValue("café"));
        assertEquals("none", PowertoolsMetricsRecorder.dimensionValue("  "));
        assertEquals("_x", PowertoolsMetricsRecorder.dimensionName(":x"));
    }

    private static JsonNode onlyDocumentInOurNamespace(CapturedStdout stdout) {
        List<JsonNode> documents = stdout.emfDocuments();
        assertEquals(1, documents.size(), stdout.raw());
        assertEquals(
                NAMESPACE,
                documents.get(0).at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        return documents.get(0);
    }

    private static List<String> metricNames(JsonNode directive) {
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static String unitOf(JsonNode directive, String metric) {
        for (JsonNode m : directive.path("Metrics")) {
            if (metric.equals(m.path("Name").asText())) {
                return m.path("Unit").asText();
            }
        }
        throw new AssertionError("no metric " + metric + " in " + directive);
    }
}
