package com.storepulse.cache;

import com.storepulse.redis.PiggybackRead;

/**
 * The cache as the application holds it: read-through ({@link Cache}), invalidation
 * ({@link CacheInvalidation}), its key scheme, and a connection that SnapStart can close before
 * a checkpoint and that reopens by itself on the next use.
 */
public interface ManagedCache extends Cache, CacheInvalidation, AutoCloseable {

    CacheKeys keys();

    /**
     * The read of {@code field} in {@code hashKey} for another Redis script to carry out (see
     * {@link PiggybackRead}), or null when this cache is not in Redis and nothing can read it for us.
     */
    default PiggybackRead fieldRead(String hashKey, String field) {
        return null;
    }

    /**
     * The read of the string key {@code key} (a store aggregate) for another Redis script to carry
     * out ({@link PiggybackRead}), or null when nothing can read it for us (no Redis, or not a
     * store's key).
     */
    default PiggybackRead keyRead(String key) {
        return null;
    }

    /** Closes the connection (no socket may live in a snapshot); the next call reopens it. */
    void suspend();

    /** Forgets failures recorded before a snapshot; the connection itself reopens lazily. */
    void resume();

    /** Releases everything for good (client threads included). */
    @Override
    void close();
}
