package com.storepulse.cache;

import java.time.Duration;
import java.util.function.Supplier;

/** No Redis configured: every read goes to the loader, invalidation has nothing to do. */
public final class NoCache implements ManagedCache {

    private final CacheKeys keys;

    public NoCache(CacheKeys keys) {
        this.keys = keys;
    }

    @Override
    public <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader) {
        return loader.get();
    }

    @Override
    public byte[] getOrLoadBytes(String key, Duration ttl, Supplier<byte[]> loader) {
        return loader.get();
    }

    @Override
    public void invalidate(String... keys) {}

    @Override
    public CacheStatus status() {
        return CacheStatus.DISABLED;
    }

    @Override
    public byte[] getOrLoadField(String hashKey, String field, Duration ttl, Supplier<byte[]> loader) {
        return loader.get();
    }

    @Override
    public void customerChanged(long storeId, String externalCustomerId) {}

    /** Nothing is cached, so nothing is left behind. */
    @Override
    public boolean customerChangedConfirmed(long storeId, String externalCustomerId) {
        return true;
    }

    @Override
    public void storeChanged(long storeId) {}

    @Override
    public CacheKeys keys() {
        return keys;
    }

    @Override
    public void suspend() {}

    @Override
    public void resume() {}

    @Override
    public void close() {}
}
