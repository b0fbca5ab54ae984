package com.storepulse.observability;

/** Every metric name StorePulse emits, in one place (CloudWatch alarms in template.yaml use them). */
public final class MetricNames {
    public static final String CACHE_HIT = "CacheHit";
    public static final String CACHE_MISS = "CacheMiss";
    public static final String CACHE_ERROR = "CacheError";
    /** A request refused with 429 by its API key's rate limit. */
    public static final String RATE_LIMITED = "RateLimited";
    /** A rate-limit decision taken by the per-instance bucket because Redis was unavailable. */
    public static final String RATE_LIMIT_FALLBACK = "RateLimitFallback";
    /** Requests counted straight into PostgreSQL because Redis could not count them. */
    public static final String USAGE_DIRECT_WRITE = "UsageDirectWrite";
    /** Requests whose Redis count may or may not have happened (sent, no reply): not counted again. */
    public static final String USAGE_UNCERTAIN = "UsageUncertain";
    /** Requests moved from Redis to PostgreSQL by a usage flush. */
    public static final String USAGE_FLUSHED = "UsageFlushed";
    /** A usage flush that failed (Redis or PostgreSQL); its counts stay in Redis for the next one. */
    public static final String USAGE_FLUSH_ERROR = "UsageFlushError";
    /** Written by Powertools (PowertoolsMetricsRecorder.captureColdStart) on a cold start's first invocation. */
    public static final String COLD_START = "ColdStart";

    private MetricNames() {}
}
