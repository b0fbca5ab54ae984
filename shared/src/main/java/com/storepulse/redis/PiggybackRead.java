package com.storepulse.redis;

import java.util.Objects;

/**
 * A read of one cached value that a script run for another purpose performs on the reader's
 * behalf, so the read costs no round trip of its own: the reader (the cache) builds it, the
 * script's owner (the rate limiter's admission script, {@code token_bucket.lua}) carries it out
 * and hands back the {@link Outcome}, and the reader takes it from there. Neither side knows the
 * other; both know this type. A customer detail hit, or a store aggregate's, is one round trip
 * this way, not two.
 *
 * @param key      a hash when {@code field} is given (a field of it is read), else a string key (its value is read)
 * @param epochKey a key read instead on a miss (the cache's epoch of the store, which guards the
 *                 miss's write-back)
 * @param field    the hash's field, or null to read {@code key}'s own value
 */
public record PiggybackRead(String key, String epochKey, String field) {

    public PiggybackRead {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(epochKey, "epochKey");
    }

    /** A read of a string key's value (GET), not of a hash's field. */
    public static PiggybackRead ofKey(String key, String epochKey) {
        return new PiggybackRead(key, epochKey, null);
    }

    /**
     * What the read found: on a hit the value, on a miss the value of {@code epochKey} as it was
     * before loading ({@code ""} when none), as the cache's own {@code hash_get.lua} answers.
     */
    public record Outcome(PiggybackRead read, boolean hit, byte[] valueOrEpoch) {

        public Outcome {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(valueOrEpoch, "valueOrEpoch");
        }

        /** True when this outcome answers a read of {@code field} in hash {@code key} (field null: of key itself). */
        public boolean answers(String key, String field) {
            return read.key().equals(key) && Objects.equals(read.field(), field);
        }
    }
}
