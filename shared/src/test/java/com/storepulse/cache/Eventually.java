package com.storepulse.cache;

import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Servers (Redis, PostgreSQL) notice a closed socket a moment after the client closed it. Polls
 * a server-side count until it satisfies the expectation, for up to about two seconds.
 */
public final class Eventually {

    private Eventually() {}

    public static long poll(LongSupplier probe, LongPredicate done) {
        long value = probe.getAsLong();
        for (int i = 0; i < 100 && !done.test(value); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = probe.getAsLong();
        }
        return value;
    }
}
