package com.storepulse.cache;

import com.storepulse.redis.PiggybackRead;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A read-through cache that never fails a request: when the cache is down or slow the loader
 * runs against the database and its result is returned.
 */
public interface Cache {

    /** The cached value for {@code key}, or the loader's result (then cached for {@code ttl}). */
    <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader);

    /**
     * {@link #getOrLoad} for many keys at once: every key's cached value in one read, the keys
     * that missed loaded by one call of {@code loader} (it gets the missed keys and answers a value
     * per key; a key it leaves out or maps to null is absent from the answer and not cached), the
     * loaded values written back (each for {@code ttl}). Answers each key's value, hit or loaded.
     * This default caches nothing: it loads every key.
     */
    default <T> Map<String, T> getOrLoadAll(
            Collection<String> keys, Class<T> type, Duration ttl, Function<Set<String>, Map<String, T>> loader) {
        return loader.apply(new LinkedHashSet<>(keys));
    }

    /**
     * The bytes cached under {@code key}, or the loader's result (then cached for {@code ttl}; a
     * null is returned and not cached). For values the caller serves as they are (JSON bodies):
     * a hit costs no decoding and no encoding.
     */
    byte[] getOrLoadBytes(String key, Duration ttl, Supplier<byte[]> loader);

    /**
     * The same, when another script has already read {@code key} ({@link PiggybackRead}): a hit is
     * served from {@code alreadyRead} with no command of its own, a miss loads and writes back
     * guarded by the epoch it read. A null {@code alreadyRead}, or one for another read, is a plain
     * {@link #getOrLoadBytes(String, Duration, Supplier)}.
     */
    default byte[] getOrLoadBytes(
            String key, Duration ttl, Supplier<byte[]> loader, PiggybackRead.Outcome alreadyRead) {
        return getOrLoadBytes(key, ttl, loader);
    }

    /**
     * The bytes cached in field {@code field} of hash {@code hashKey}, or the loader's result
     * (then stored there; a hash created by this write expires after {@code ttl}). A null from the
     * loader is returned and not cached. For values the caller serves as they are (JSON bodies).
     */
    byte[] getOrLoadField(String hashKey, String field, Duration ttl, Supplier<byte[]> loader);

    /**
     * The same, when another script has already read the field ({@link PiggybackRead}): a hit is
     * served from {@code alreadyRead} with no command of its own, a miss loads and writes back
     * guarded by the epoch it read. A null {@code alreadyRead}, or one for another field, is a
     * plain {@link #getOrLoadField(String, String, Duration, Supplier)}.
     */
    default byte[] getOrLoadField(
            String hashKey, String field, Duration ttl, Supplier<byte[]> loader, PiggybackRead.Outcome alreadyRead) {
        return getOrLoadField(hashKey, field, ttl, loader);
    }

    /** Removes entries; failures are counted and swallowed (entries expire by TTL anyway). */
    void invalidate(String... keys);

    /** For health checks: UP, DOWN or DISABLED (no cache configured). */
    CacheStatus status();

    enum CacheStatus {
        UP,
        DOWN,
        DISABLED
    }
}
