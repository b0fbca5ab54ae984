package com.storepulse.cache;

import com.storepulse.observability.MetricsRecorder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every count (and age in seconds) in memory so tests can assert on what was reported. */
public final class RecordingMetrics implements MetricsRecorder {

    record Count(String metric, double value, Map<String, String> dimensions) {}

    private final List<Count> counts = new CopyOnWriteArrayList<>();

    @Override
    public void count(String metric, double value, Map<String, String> dimensions) {
        counts.add(new Count(metric, value, Map.copyOf(dimensions)));
    }

    @Override
    public void milliseconds(String metric, double value, Map<String, String> dimensions) {}

    @Override
    public void seconds(String metric, double value, Map<String, String> dimensions) {
        counts.add(new Count(metric, value, Map.copyOf(dimensions)));
    }

    /** Sum of {@code metric} counted with {@code Operation=operation}. */
    double total(String metric, String operation) {
        return counts.stream()
                .filter(c -> c.metric().equals(metric)
                        && operation.equals(c.dimensions().get(RedisCache.OPERATION)))
                .mapToDouble(Count::value)
                .sum();
    }

    /** Sum of {@code metric} whatever its dimensions. */
    public double total(String metric) {
        return counts.stream()
                .filter(c -> c.metric().equals(metric))
                .mapToDouble(Count::value)
                .sum();
    }
}
