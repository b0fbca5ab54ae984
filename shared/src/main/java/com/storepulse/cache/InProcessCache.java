package com.storepulse.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small in-process map with a time to live and a size bound, for values a warm function should
 * not fetch again on every request (API key look-ups, a tenant's own stores, rate-limit buckets).
 *
 * <p>Entries expire {@code ttl} after they were loaded, whatever their use. When the bound is
 * reached, expired entries are swept; if the map is still full it is emptied (simple, and it can
 * only cost extra loads, never a wrong answer). Concurrent misses of one key may both load.
 * {@code null} results are not cached.
 */
public final class InProcessCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final InstantSource clock;

    public InProcessCache(Duration ttl, int maxEntries, InstantSource clock) {
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl and maxEntries must be positive");
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The live entry for {@code key}, or {@code loader}'s result (cached unless null). */
    public V get(K key, Function<K, V> loader) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return entry.value();
        }
        V loaded = loader.apply(key);
        if (loaded == null) {
            entries.remove(key);
            return null;
        }
        put(key, loaded);
        return loaded;
    }

    public void put(K key, V value) {
        makeRoom();
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }

    /** The live entry, or null. */
    public V getIfPresent(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && clock.instant().isBefore(entry.expiresAt()) ? entry.value() : null;
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    public Duration ttl() {
        return ttl;
    }

    private void makeRoom() {
        if (entries.size() < maxEntries) {
            return;
        }
        Instant now = clock.instant();
        entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }
}
