package com.storepulse.db;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Remembers that the database could not be reached, so that requests fail at once instead of
 * each waiting for a pool connection that will not come. Closed: every caller goes to the pool.
 * Open: callers are refused without waiting, except one per {@code cooldown}, the probe, which
 * checks whether the database answers again; the breaker closes when it does.
 */
final class DatabaseBreaker {

    private final InstantSource clock;
    private final Duration cooldown;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;
    private volatile long nextProbeMillis;

    DatabaseBreaker(InstantSource clock, Duration cooldown) {
        this.clock = clock;
        this.cooldown = cooldown;
    }

    boolean isOpen() {
        return open;
    }

    /** While open: true for the one caller that may probe now (the cooldown has passed and no probe runs). */
    boolean tryStartProbe() {
        return open && clock.millis() >= nextProbeMillis && probing.compareAndSet(false, true);
    }

    /** Opens (or keeps open) for another cooldown; true if it was closed. */
    boolean recordUnreachable() {
        nextProbeMillis = clock.millis() + cooldown.toMillis();
        boolean wasClosed = !open;
        open = true;
        probing.set(false);
        return wasClosed;
    }

    /** Closes; true if it was open. */
    boolean recordReachable() {
        boolean wasOpen = open;
        open = false;
        probing.set(false);
        return wasOpen;
    }

    Duration cooldown() {
        return cooldown;
    }
}
