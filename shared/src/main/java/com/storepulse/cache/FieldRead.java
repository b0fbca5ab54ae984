package com.storepulse.cache;

import java.util.Objects;

/**
 * A read of one field of a hash of cached values that another Redis script performs on the
 * cache's behalf, so the read costs no round trip of its own. The customer API's admission
 * script (rate limit and usage count, {@code token_bucket.lua}) carries the detail read this way:
 * a detail hit is one round trip instead of two. Built by {@link ManagedCache#fieldRead}; the
 * {@link Outcome} goes back to {@link Cache#getOrLoadField(String, String, java.time.Duration,
 * java.util.function.Supplier, Outcome)}.
 *
 * @param hashKey  the hash ({@link CacheKeys#customerDetails})
 * @param epochKey the store's epoch, read on a miss to guard the miss's write-back
 * @param field    the field (the retailer's customer id)
 */
public record FieldRead(String hashKey, String epochKey, String field) {

    public FieldRead {
        Objects.requireNonNull(hashKey, "hashKey");
        Objects.requireNonNull(epochKey, "epochKey");
        Objects.requireNonNull(field, "field");
    }

    /**
     * What the read found, exactly as {@code hash_get.lua} answers: on a hit the field's value, on a
     * miss the store's epoch as it was before loading ({@code ""} when none).
     */
    public record Outcome(FieldRead read, boolean hit, byte[] valueOrEpoch) {

        public Outcome {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(valueOrEpoch, "valueOrEpoch");
        }

        /** True when this outcome answers a read of {@code field} in {@code hashKey}. */
        public boolean answers(String hashKey, String field) {
            return read.hashKey().equals(hashKey) && read.field().equals(field);
        }
    }
}
