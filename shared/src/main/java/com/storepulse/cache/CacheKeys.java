package com.storepulse.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that spells cache keys, so readers and invalidation can never disagree.
 *
 * <pre>
 *   {prefix}store:{storeId}:customers      hash: the retailer's customer id -> that customer's detail (JSON)
 *   {prefix}store:{storeId}:{aggregate}    a store-wide aggregate, e.g. sp:store:7:summary
 *                                          (summary, archetypes, customer-counts)
 *   {prefix}store:{storeId}:epoch          counter bumped by every invalidation of the store
 * </pre>
 *
 * <p>The epoch closes the race between a slow load and a write: a reader that missed reads the
 * epoch before it loads from the database and writes its result back only if the epoch is
 * unchanged (one script); a writer's invalidation bumps the epoch and deletes in one script. So a
 * value loaded before a change is either deleted by that change's invalidation or never written,
 * and no entry outlives a change by more than the TTL. It costs a miss one more Redis command and
 * a hit nothing.
 *
 * <p>Details live in one hash per store, keyed by the id the reader has (the retailer's), so a hit
 * is one HGET, one customer's change is one HDEL and a store-wide change (a full rescoring) drops
 * them all with one UNLINK. The hash gets its TTL when it is created ({@code PEXPIRE NX}): no field
 * outlives the TTL, and a hash that is never invalidated is rebuilt once per TTL.
 *
 * <p>Store aggregates are a closed list ({@link StoreAggregate}); invalidation deletes every one
 * of them by name in a single {@code DEL}. That was chosen over a per-store "generation" counter
 * folded into the keys: a generation costs every cached read an extra round trip (read the
 * counter, then the value) and leaves orphaned entries behind until their TTL, whereas the
 * explicit list costs one command per write. Adding an aggregate means adding an enum constant;
 * invalidation then covers it automatically.
 */
public final class CacheKeys {

    /** Store-wide cached values; {@link #key()} is the last segment of the cache key. */
    public enum StoreAggregate {
        SUMMARY("summary"),
        ARCHETYPES("archetypes"),
        /** The store's live and scored customer counts, as GET /v1/stores lists them. */
        CUSTOMER_COUNTS("customer-counts");

        private final String key;

        StoreAggregate(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** How long a store's epoch lives after its last invalidation: it only has to outlive a load. */
    public static final java.time.Duration EPOCH_TTL = java.time.Duration.ofDays(1);

    /** The invalidation script every writer runs (its contract is in the script's header). */
    public static final String INVALIDATE_SCRIPT = "invalidate.lua";

    private final String prefix;

    public CacheKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The hash of the store's cached customer details (field: the retailer's customer id). */
    public String customerDetails(long storeId) {
        return store(storeId) + "customers";
    }

    public String storeAggregate(long storeId, StoreAggregate aggregate) {
        return store(storeId) + aggregate.key();
    }

    public String storeSummary(long storeId) {
        return storeAggregate(storeId, StoreAggregate.SUMMARY);
    }

    public String storeArchetypes(long storeId) {
        return storeAggregate(storeId, StoreAggregate.ARCHETYPES);
    }

    /** The store's invalidation counter (see the class comment). */
    public String storeEpoch(long storeId) {
        return store(storeId) + "epoch";
    }

    /**
     * The epoch guarding {@code key}, when it is one of a store's keys ({@code {prefix}store:{id}:...});
     * null for any other key (those are cached without the guard).
     */
    public String epochFor(String key) {
        String storePrefix = prefix + "store:";
        if (!key.startsWith(storePrefix)) {
            return null;
        }
        int end = key.indexOf(':', storePrefix.length());
        if (end <= storePrefix.length()) {
            return null;
        }
        for (int i = storePrefix.length(); i < end; i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return null;
            }
        }
        return key.substring(0, end + 1) + "epoch";
    }

    /**
     * The keys {@value #INVALIDATE_SCRIPT} takes for one customer's change: the store's epoch, the
     * details hash (whose one field the script deletes), then the aggregates to unlink.
     */
    public List<String> customerInvalidation(long storeId) {
        List<String> keys = new ArrayList<>();
        keys.add(storeEpoch(storeId));
        keys.add(customerDetails(storeId));
        keys.addAll(storeAggregates(storeId));
        return keys;
    }

    /** The keys {@value #INVALIDATE_SCRIPT} takes for a store-wide change: the epoch, then everything to unlink. */
    public List<String> storeInvalidation(long storeId) {
        List<String> keys = new ArrayList<>();
        keys.add(storeEpoch(storeId));
        keys.addAll(storeAggregates(storeId));
        keys.add(customerDetails(storeId));
        return keys;
    }

    /** Every aggregate key of a store: what {@link CacheInvalidation#storeChanged} removes, with the details. */
    public List<String> storeAggregates(long storeId) {
        List<String> keys = new ArrayList<>();
        for (StoreAggregate aggregate : StoreAggregate.values()) {
            keys.add(storeAggregate(storeId, aggregate));
        }
        return keys;
    }

    private String store(long storeId) {
        return prefix + "store:" + storeId + ":";
    }
}
