package com.storepulse.customers;

import java.time.Duration;

/**
 * The score version a customer-list walk reads (the store's version when its first page was read)
 * and whether the store has been rescored since, so that its pages read retired rows too
 * ({@code retired}: the next page goes straight to the pinned statement). docs/scoring.md,
 * "Score versions".
 */
public record ScoreSnapshot(long version, boolean retired) {

    /**
     * How long after its first page a walk may go on: the cursor lifetime. The scorer keeps what a
     * rescoring replaces at least this long (scoring's {@code ScoreVersions.RETENTION}).
     */
    public static final Duration WALK_LIFETIME = Duration.ofHours(1);

    /** The name of a store's partition that version {@code retiredVersion} replaced and kept. */
    public static String keptPartition(long storeId, long retiredVersion) {
        return "customer_score_p" + storeId + "_r" + retiredVersion;
    }
}
