package com.storepulse.testing;

import org.jdbi.v3.core.Jdbi;

/** What a store holds, read straight from the star schema, for tests that check what arrived. */
public final class StoreRows {

    private StoreRows() {}

    /** The e-mail the store holds for its customer {@code externalId} (null when none is set). */
    public static String email(Jdbi jdbi, long storeId, String externalId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT email FROM dim_customer WHERE store_id = :s AND external_id = :e")
                        .bind("s", storeId)
                        .bind("e", externalId)
                        .mapTo(String.class)
                        .one());
    }
}
