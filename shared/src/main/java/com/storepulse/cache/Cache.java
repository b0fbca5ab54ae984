package com.storepulse.cache;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A read-through cache that never fails a request: when the cache is down or slow the loader
 * runs against the database and its result is returned.
 */
public interface Cache {

    /** The cached value for {@code key}, or the loader's result (then cached for {@code ttl}). */
    <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader);

    /** Removes entries; failures are counted and swallowed (entries expire by TTL anyway). */
    void invalidate(String... keys);

    /** For health checks: UP, DOWN or DISABLED (no cache configured). */
    CacheStatus status();

    enum CacheStatus { UP, DOWN, DISABLED }
}
