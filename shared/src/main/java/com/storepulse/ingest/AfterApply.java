package com.storepulse.ingest;

import java.util.Collection;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What a writer does about its changed customers: rescore them (incremental scoring with the
 * store's current fit) and drop their cached detail and the store's aggregates. Scoring lives
 * outside shared, so each function hands its own in.
 */
@FunctionalInterface
public interface AfterApply {

    /**
     * In the transaction that applies the changes, before it commits ({@code handle} is in it):
     * e.g. queue the changed customers for a rescoring that {@link #changed} then carries out in one
     * batch with other writers' (the webhook intake's group commit). Nothing by default. A writer
     * that calls it calls {@link #changed} for the same customers after the commit.
     */
    default void applying(Handle handle, long storeId, Collection<Long> customerIds) {}

    /**
     * After the changes are committed.
     *
     * @param customers the changed customers, StorePulse id to the retailer's id
     */
    void changed(long storeId, Map<Long, String> customers);

    AfterApply NONE = (storeId, customers) -> {};
}
