package com.storepulse.redis;

import java.util.Objects;

/**
 * A read of one field of a Redis hash that a script run for another purpose performs on the
 * reader's behalf, so the read costs no round trip of its own: the reader (the cache) builds it,
 * the script's owner (the rate limiter's admission script, {@code token_bucket.lua}) carries it
 * out and hands back the {@link Outcome}, and the reader takes it from there. Neither side knows
 * the other; both know this type. A customer detail hit is one round trip this way, not two.
 *
 * @param hashKey  the hash
 * @param epochKey a key read instead on a miss (the cache's epoch of the store, which guards the
 *                 miss's write-back)
 * @param field    the field
 */
public record PiggybackRead(String hashKey, String epochKey, String field) {

    public PiggybackRead {
        Objects.requireNonNull(hashKey, "hashKey");
        Objects.requireNonNull(epochKey, "epochKey");
        Objects.requireNonNull(field, "field");
    }

    /**
     * What the read found: on a hit the field's value, on a miss the value of {@code epochKey} as it
     * was before loading ({@code ""} when none), as the cache's own {@code hash_get.lua} answers.
     */
    public record Outcome(PiggybackRead read, boolean hit, byte[] valueOrEpoch) {

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
