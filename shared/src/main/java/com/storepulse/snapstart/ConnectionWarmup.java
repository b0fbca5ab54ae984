package com.storepulse.snapstart;

import com.storepulse.cache.Cache;
import com.storepulse.db.Database;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database pool (with a first {@code SELECT 1}) and the cache's Redis connection (with
 * a PING) on two background threads, while the cold start goes on: the rest of init, the
 * runtime reading the event, the first request's own code.
 *
 * <p>Why: a cold start is almost all CPU (class loading, linking, C1 compiling), and opening the
 * pool loads pgJDBC, HikariCP and Jdbi's statement path, opening Redis loads Lettuce, Netty and
 * Reactor. Done on the request thread one after the other, each waits for the other; a Lambda
 * init runs with more than one vCPU's worth (and the machines this is measured on have two), so
 * on their own threads they overlap with each other and with the main thread
 * (docs/cold-start.md, "customer-api today").
 *
 * <p>Nothing here changes what a request sees: the pool and the connection are the ones the
 * request would have opened on first use, with the same bounds. A failure is the request's to
 * meet (the database breaker and the cache's back-off window record it as they would for a
 * request), so it is only logged at DEBUG here. SnapStart: {@link SnapStartResources} awaits the warm-up before priming, so no
 * connection opens behind the checkpoint's back.
 */
public final class ConnectionWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWarmup.class);

    private final Database database;
    private final Cache cache;
    private CompletableFuture<Void> running; // guarded by this; null until started

    public ConnectionWarmup(Database database, Cache cache) {
        this.database = database;
        this.cache = cache;
    }

    /** Starts both openings on daemon threads; a second call does nothing. */
    public void start() {
        CompletableFuture<Void> now = CompletableFuture.completedFuture(null);
        start(now, now);
    }

    /**
     * Starts both openings on daemon threads, each once its future is done (a preload of the same
     * library's classes, say, so that two threads do not initialise them at once); a second call
     * does nothing.
     */
    public synchronized void start(CompletableFuture<?> beforeDatabase, CompletableFuture<?> beforeCache) {
        if (running != null) {
            return;
        }
        CompletableFuture<Void> db = database == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(
                        () -> after(beforeDatabase, this::openDatabase), thread("warmup-database"));
        CompletableFuture<Void> redis = cache == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> after(beforeCache, this::openCache), thread("warmup-redis"));
        running = CompletableFuture.allOf(db, redis);
    }

    private static void after(CompletableFuture<?> first, Runnable then) {
        try {
            first.join();
        } catch (RuntimeException e) {
            // what came first failed: open anyway
        }
        then.run();
    }

    /** Whether {@link #start()} was called. */
    public synchronized boolean started() {
        return running != null;
    }

    /**
     * Waits for a started warm-up to finish, at most {@code max}; returns at once if none was
     * started. True when nothing is left running.
     */
    public boolean await(Duration max) {
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = running;
        }
        if (pending == null) {
            return true;
        }
        try {
            pending.get(max.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true; // each task handles its own failures; nothing is left running
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void openDatabase() {
        try {
            database.jdbi()
                    .withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            LOG.debug("database warm-up failed (the first request meets it): {}", e.toString());
        }
    }

    private void openCache() {
        try {
            cache.status();
        } catch (RuntimeException e) {
            LOG.debug("cache warm-up failed (the first request meets it): {}", e.toString());
        }
    }

    private static Executor thread(String name) {
        return task -> Thread.ofPlatform().name(name).daemon().start(task);
    }
}
