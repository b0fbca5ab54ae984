package com.storepulse.customerapi;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.time.Duration;

/**
 * How long the query routes cache what they read. A cached value is invalidated when writers
 * call CacheInvalidation; if that delete is lost (Redis down), the TTL bounds the staleness.
 *
 * @param customerTtl       {@code CUSTOMER_CACHE_TTL}: customer detail (default 5 minutes)
 * @param storeAggregateTtl {@code STORE_AGGREGATE_CACHE_TTL}: archetypes and summary (default 5 minutes)
 */
public record QuerySettings(Duration customerTtl, Duration storeAggregateTtl) {

    public static final String CUSTOMER_CACHE_TTL = "CUSTOMER_CACHE_TTL";
    public static final String STORE_AGGREGATE_CACHE_TTL = "STORE_AGGREGATE_CACHE_TTL";
    static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    public QuerySettings {
        for (Duration ttl : new Duration[] {customerTtl, storeAggregateTtl}) {
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
                throw new ConfigurationException("cache TTLs (" + CUSTOMER_CACHE_TTL + ", " + STORE_AGGREGATE_CACHE_TTL
                        + ") must be above 0 and at most 1 hour");
            }
        }
    }

    public static QuerySettings from(Settings settings) {
        return new QuerySettings(
                settings.getDuration(CUSTOMER_CACHE_TTL, DEFAULT_TTL),
                settings.getDuration(STORE_AGGREGATE_CACHE_TTL, DEFAULT_TTL));
    }
}
