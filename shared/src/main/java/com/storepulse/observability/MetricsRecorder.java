package com.storepulse.observability;

import java.util.Map;

/**
 * Where code reports what it counts and times. The Lambda implementation writes CloudWatch EMF
 * through Powertools; tests use an in-memory recorder. Metric names live in {@link MetricNames}.
 */
public interface MetricsRecorder {

    void count(String metric, double value, Map<String, String> dimensions);

    void milliseconds(String metric, double value, Map<String, String> dimensions);

    /** An age or a lag (CloudWatch unit Seconds). */
    void seconds(String metric, double value, Map<String, String> dimensions);

    default void count(String metric) {
        count(metric, 1, Map.of());
    }

    MetricsRecorder NOOP = new MetricsRecorder() {
        @Override
        public void count(String metric, double value, Map<String, String> dimensions) {}

        @Override
        public void milliseconds(String metric, double value, Map<String, String> dimensions) {}

        @Override
        public void seconds(String metric, double value, Map<String, String> dimensions) {}
    };
}
