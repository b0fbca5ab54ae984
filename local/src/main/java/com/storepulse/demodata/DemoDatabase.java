package com.storepulse.demodata;

import org.jdbi.v3.core.Jdbi;

/** Questions the local stack asks before loading demo data. */
public final class DemoDatabase {

    private DemoDatabase() {}

    /** True when the database holds no store yet (a fresh database: safe to load demo data). */
    public static boolean isEmpty(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(BulkLoad.sql("CountStores"))
                        .mapTo(Long.class)
                        .one())
                == 0;
    }
}
