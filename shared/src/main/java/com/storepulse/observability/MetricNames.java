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

    /** A webhook delivery accepted (dimension Status: applied, stale, ignored, duplicate). */
    public static final String WEBHOOK_ACCEPTED = "WebhookAccepted";
    /** A webhook delivery refused for its signature (alarm: a spike means a leaked or rotated key). */
    public static final String WEBHOOK_SIGNATURE_INVALID = "WebhookSignatureInvalid";
    /** A correctly signed delivery outside the timestamp tolerance (a replay or a sender's clock). */
    public static final String WEBHOOK_TIMESTAMP_REFUSED = "WebhookTimestampRefused";
    /** A webhook delivery refused as invalid (schema or business rules). */
    public static final String WEBHOOK_INVALID = "WebhookInvalid";
    /** Rescoring or cache invalidation after a committed webhook failed (the data is in; scores catch up). */
    public static final String WEBHOOK_AFTER_APPLY_ERROR = "WebhookAfterApplyError";

    /** Rows an Azure SQL sync run wrote into the star schema (inserted, changed or deleted). */
    public static final String SYNC_ROWS_SYNCED = "SyncRowsSynced";
    /** How long one sync run of one source took (milliseconds). */
    public static final String SYNC_RUN_DURATION = "SyncRunDuration";
    /**
     * Seconds since a source's last completed sync, at each schedule tick: with dimension SourceId
     * per source, and without it the largest over the active sources (alarm: over 3600).
     */
    public static final String SYNC_SECONDS_SINCE_SUCCESS = "SyncSecondsSinceSuccess";
    /** A sync run that failed (its message is retried, then dead-lettered). */
    public static final String SYNC_FAILED = "SyncFailed";
    /** Sync requests put on the sync queue (dimension Reason: schedule, continuation, rescore). */
    public static final String SYNC_QUEUED = "SyncQueued";
    /** A store's daily rescoring (azure-sync's scoring schedule) that completed. */
    public static final String STORE_RESCORED = "StoreRescored";
    /** A store's daily rescoring that failed (its message is retried, then dead-lettered). */
    public static final String STORE_RESCORING_FAILED = "StoreRescoringFailed";

    /**
     * A change refused because its customer was erased (a suppression entry matched): a replayed
     * webhook, or a source that still holds the row. Dimension Path: webhook, sync.
     */
    public static final String CUSTOMER_SUPPRESSED = "CustomerSuppressed";
    /** A customer erased (DELETE .../customers/{customerId}); a repeated request is not counted again. */
    public static final String CUSTOMER_ERASED = "CustomerErased";
    /** An admin action that succeeded but whose audit record could not be written: a gap in the audit log. */
    public static final String AUDIT_WRITE_FAILED = "AuditWriteFailed";
    /** Rows deleted by the retention sweep because their period passed (dimension Table). */
    public static final String RETENTION_EXPIRED = "RetentionExpired";
    /** A retention sweep that failed (tried again at the next usage-flush tick). */
    public static final String RETENTION_SWEEP_FAILED = "RetentionSweepFailed";

    private MetricNames() {}
}
