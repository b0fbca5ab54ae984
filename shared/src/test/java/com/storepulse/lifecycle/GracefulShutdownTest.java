package com.storepulse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.storepulse.lifecycle.GracefulShutdown.Outcome;
import com.storepulse.lifecycle.GracefulShutdown.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls {@link GracefulShutdown#run()} directly; nothing here depends on the JVM exiting. */
class GracefulShutdownTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedClosers() {
        never.countDown();
    }

    @Test
    void closesInReverseOrderAndOneFailureDoesNotStopTheOthers() {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(10), Duration.ofSeconds(30));
        shutdown.register("redis", () -> closed.add("redis"));
        shutdown.register("database", () -> {
            closed.add("database");
            throw new IllegalStateException("pool already broken");
        });
        shutdown.register("metrics", () -> closed.add("metrics"));

        List<Result> results = shutdown.run();

        assertEquals(List.of("metrics", "database", "redis"), closed);
        assertEquals(
                List.of(
                        new Result("metrics", Outcome.CLOSED),
                        new Result("database", Outcome.FAILED),
                        new Result("redis", Outcome.CLOSED)),
                results);
    }

    @Test
    void aHangingCloserTimesOutAndTheNextStillRuns() {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofMillis(50), Duration.ofSeconds(30));
        shutdown.register("database", () -> closed.add("database"));
        shutdown.register("stuck", never::await);

        List<Result> results = shutdown.run();

        assertEquals(List.of(new Result("stuck", Outcome.TIMED_OUT), new Result("database", Outcome.CLOSED)), results);
        assertEquals(List.of("database"), closed);
    }

    @Test
    void closersBeyondTheTotalBudgetAreSkipped() {
        // The stuck closer uses up the whole (small) budget; nothing is left for the next one.
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(10), Duration.ofMillis(50));
        shutdown.register("database", () -> closed.add("database"));
        shutdown.register("stuck", never::await);

        List<Result> results = shutdown.run();

        assertEquals(List.of(new Result("stuck", Outcome.TIMED_OUT), new Result("database", Outcome.SKIPPED)), results);
        assertEquals(List.of(), closed);
    }

    @Test
    void runsOnlyOnceAndClosesLateRegistrationsAtOnce() {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(10), Duration.ofSeconds(30));
        shutdown.register("metrics", () -> closed.add("metrics"));

        assertEquals(1, shutdown.run().size());
        assertEquals(List.of(), shutdown.run());
        assertEquals(List.of("metrics"), closed);

        shutdown.register("late-redis", () -> closed.add("late-redis"));
        assertEquals(List.of("metrics", "late-redis"), closed);
        assertEquals(List.of(), shutdown.run());
    }

    @Test
    void theJvmInstanceIsOneInstance() {
        assertSame(GracefulShutdown.jvm(), GracefulShutdown.jvm());
    }
}
