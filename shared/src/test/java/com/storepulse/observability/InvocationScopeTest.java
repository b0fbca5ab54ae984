package com.storepulse.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.devservers.LambdaContextStandIn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class InvocationScopeTest {

    private static final Logger LOG = LoggerFactory.getLogger(InvocationScopeTest.class);

    private final PowertoolsMetricsRecorder metrics = PowertoolsMetricsRecorder.create(
            Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseScopeTest")), "customer-api");
    private final InvocationScope scope = new InvocationScope(metrics);

    @Test
    void logLinesInsideTheScopeCarryTheCorrelationIdAndLambdaFieldsAndLinesAfterDoNot() {
        try (CapturedLogs logs = new CapturedLogs()) {
            LOG.info("before");
            int result = scope.withInvocation(
                    LambdaContextStandIn.of("storepulse-customer-api", "req-aaa-111"), "corr-inside-1", () -> {
                        LOG.info("inside");
                        return 42;
                    });
            LOG.info("after");

            assertEquals(42, result);
            JsonNode inside = logs.line("inside");
            assertEquals("corr-inside-1", inside.path("correlation_id").asText());
            assertEquals("storepulse-customer-api", inside.path("function_name").asText());
            assertEquals("req-aaa-111", inside.path("function_request_id").asText());
            assertEquals("INFO", inside.path("level").asText());
            for (String outside : List.of("before", "after")) {
                JsonNode line = logs.line(outside);
                assertFalse(line.hasNonNull("correlation_id"), line.toString());
                assertFalse(line.hasNonNull("function_request_id"), line.toString());
            }
            assertEquals(Optional.empty(), Correlation.current());
        }
    }

    @Test
    void theScopeIsClearedWhenTheWorkThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (CapturedLogs logs = new CapturedLogs()) {
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> scope.withInvocation(LambdaContextStandIn.of("fn", "req-2"), "corr-throws", () -> {
                        LOG.info("about to fail");
                        throw boom;
                    }));
            assertSame(boom, thrown);
            LOG.info("after failure");
            assertEquals(
                    "corr-throws",
                    logs.line("about to fail").path("correlation_id").asText());
            assertFalse(logs.line("after failure").hasNonNull("correlation_id"));
        }
    }

    @Test
    void worksWithoutALambdaContextForLocalCallers() {
        try (CapturedLogs logs = new CapturedLogs()) {
            scope.withInvocation(null, "corr-local", () -> LOG.info("local work"));
            LOG.info("local after");
            assertEquals(
                    "corr-local", logs.line("local work").path("correlation_id").asText());
            assertFalse(logs.line("local after").hasNonNull("correlation_id"));
        }
    }

    @Test
    void metricsRecordedDuringTheInvocationAreFlushedAtItsEnd() {
        try (CapturedStdout stdout = new CapturedStdout()) {
            scope.withInvocation(LambdaContextStandIn.of("fn", "req-3"), "corr-metrics", () -> {
                metrics.count(MetricNames.CACHE_HIT);
                assertTrue(
                        stdout.emfDocuments().stream().noneMatch(d -> d.has(MetricNames.CACHE_HIT)),
                        "flushed only at the end of the invocation");
            });
            List<JsonNode> flushed = stdout.emfDocuments().stream()
                    .filter(d -> d.has(MetricNames.CACHE_HIT))
                    .toList();
            assertEquals(1, flushed.size(), stdout.raw());
            assertEquals(
                    "StorePulseScopeTest",
                    flushed.get(0).at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        }
    }
}
