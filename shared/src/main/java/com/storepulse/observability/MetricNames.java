package com.storepulse.observability;

/** Every metric name StorePulse emits, in one place (CloudWatch alarms in template.yaml use them). */
public final class MetricNames {
    public static final String CACHE_HIT = "CacheHit";
    public static final String CACHE_MISS = "CacheMiss";
    public static final String CACHE_ERROR = "CacheError";
    /** Written by Powertools (PowertoolsMetricsRecorder.captureColdStart) on a cold start's first invocation. */
    public static final String COLD_START = "ColdStart";

    private MetricNames() {
    }
}
