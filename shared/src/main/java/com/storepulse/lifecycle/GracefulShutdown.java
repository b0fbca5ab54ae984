package com.storepulse.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a function opened (flush metrics, close the DB pool, close Redis) when the JVM shuts
 * down: in reverse order of registration, each with a timeout, one failure not stopping the rest,
 * at most once.
 *
 * <p><b>When this runs on Lambda:</b> Lambda sends SIGTERM to the runtime (and so runs JVM
 * shutdown hooks) only when at least one extension, internal or external, is registered; the
 * runtime then has about 500 ms (internal extensions only) or up to 2 s (an external extension)
 * before SIGKILL. Without an extension the sandbox is frozen and later killed: no hook runs. So
 * nothing may depend on this: metrics are flushed after every invocation ({@code InvocationScope})
 * and an abandoned PostgreSQL or Redis connection is reaped by the server. This is a courtesy that
 * makes closes clean where it can. See docs/operations/graceful-shutdown.md.
 */
public final class GracefulShutdown {

    /** One closer may take this long before the next one starts. */
    public static final Duration DEFAULT_CLOSER_TIMEOUT = Duration.ofMillis(200);
    /** Under Lambda's 500 ms shutdown phase, leaving time for Log4j and the JVM itself. */
    public static final Duration DEFAULT_TOTAL_BUDGET = Duration.ofMillis(400);

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private static GracefulShutdown jvmInstance;

    public enum Outcome {
        CLOSED,
        FAILED,
        TIMED_OUT,
        SKIPPED
    }

    public record Result(String name, Outcome outcome) {}

    private record Closer(String name, AutoCloseable resource) {}

    private final Duration closerTimeout;
    private final Duration totalBudget;
    private final List<Closer> closers = new ArrayList<>();
    private final AtomicBoolean ran = new AtomicBoolean();

    /** A standalone instance with no JVM hook: tests, or a caller that runs it itself. */
    public GracefulShutdown(Duration closerTimeout, Duration totalBudget) {
        this.closerTimeout = closerTimeout;
        this.totalBudget = totalBudget;
    }

    /**
     * The process-wide instance. Its one JVM shutdown hook is registered on the first call (not in
     * static init); after the closers it stops Log4j, whose own hook log4j2.xml disables so the
     * closers' log lines still get written.
     */
    public static synchronized GracefulShutdown jvm() {
        if (jvmInstance == null) {
            GracefulShutdown instance = new GracefulShutdown(DEFAULT_CLOSER_TIMEOUT, DEFAULT_TOTAL_BUDGET);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                instance.run();
                                LogManager.shutdown();
                            },
                            "storepulse-graceful-shutdown"));
            jvmInstance = instance;
        }
        return jvmInstance;
    }

    /**
     * Registers a closer; it runs before everything registered earlier. Registering after the
     * shutdown ran closes the resource at once (something opened late must still be closed).
     */
    public void register(String name, AutoCloseable resource) {
        synchronized (closers) {
            if (!ran.get()) {
                closers.add(new Closer(name, resource));
                return;
            }
        }
        close(new Closer(name, resource), closerTimeout.toNanos());
    }

    /** Runs every closer, newest first. Only the first call does anything; later calls return no results. */
    public List<Result> run() {
        List<Closer> newestFirst;
        synchronized (closers) {
            if (!ran.compareAndSet(false, true)) {
                return List.of();
            }
            newestFirst = new ArrayList<>(closers.reversed());
            closers.clear();
        }
        long deadline = System.nanoTime() + totalBudget.toNanos();
        List<Result> results = new ArrayList<>(newestFirst.size());
        for (Closer closer : newestFirst) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                LOG.warn("shutdown: {} skipped, the shutdown budget of {} is spent", closer.name(), totalBudget);
                results.add(new Result(closer.name(), Outcome.SKIPPED));
            } else {
                results.add(new Result(closer.name(), close(closer, Math.min(remaining, closerTimeout.toNanos()))));
            }
        }
        return results;
    }

    private static Outcome close(Closer closer, long timeoutNanos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Own daemon thread: a closer stuck on a dead socket must not hold up the others or the exit.
        Thread thread = Thread.ofPlatform()
                .daemon()
                .name("shutdown-" + closer.name())
                .unstarted(() -> {
                    try {
                        closer.resource().close();
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                });
        thread.start();
        try {
            done.get(timeoutNanos, TimeUnit.NANOSECONDS);
            return Outcome.CLOSED;
        } catch (ExecutionException e) {
            LOG.warn("shutdown: closing {} failed", closer.name(), e.getCause());
            return Outcome.FAILED;
        } catch (TimeoutException e) {
            LOG.warn(
                    "shutdown: closing {} did not finish within {} ms",
                    closer.name(),
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            thread.interrupt();
            return Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return Outcome.TIMED_OUT;
        }
    }
}
