package com.storepulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.testing.RestartablePostgres;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database layer with its PostgreSQL stopped and started again (the test's own server): a
 * request that needs it gets DependencyUnavailableException(DATABASE), first after the bounded
 * pool wait, then at once from the breaker, and succeeds again soon after the server is back. The
 * figures are printed; the assertions are about what happens, with bounds far from the old 5 s.
 */
class DatabaseOutageTest {

    private RestartablePostgres postgres;
    private Database database;

    @BeforeEach
    void start() {
        postgres = new RestartablePostgres();
        database = new Database(DatabaseSettings.parse(
                postgres.jdbcUrl(), 4, DatabaseSettings.DEFAULT_CONNECT_TIMEOUT, Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        database.close();
        postgres.close();
    }

    private int selectOne() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void anOutageIsRefusedFastThenAtOnceAndRecoveryFollowsTheServer() throws Exception {
        assertEquals(1, selectOne());
        postgres.stop();

        // The pooled connection dies with the server (a fast failure), then the pool waits its bound
        // for a new one and the breaker opens: from then on, refusals come without trying.
        java.util.List<Long> refusals = new java.util.ArrayList<>();
        DependencyUnavailableException refused = null;
        for (int i = 0; i < 5 && (refused == null || refused.getCause() != null); i++) {
            long start = System.nanoTime();
            refused = assertThrows(DependencyUnavailableException.class, this::selectOne);
            refusals.add(millisSince(start));
            assertEquals(DependencyUnavailableException.Dependency.DATABASE, refused.dependency());
        }
        assertNull(refused.getCause(), "the breaker refuses without trying after the pool's first failed wait");
        assertTrue(refusals.size() <= 3, "the breaker opened after " + refusals.size() + " requests");

        Thread.sleep(Database.BREAKER_COOLDOWN.toMillis() + 100);
        DependencyUnavailableException probed = assertThrows(DependencyUnavailableException.class, this::selectOne);
        assertNotNull(probed.getCause(), "after the cooldown one request probes, and finds the server still down");

        postgres.start();
        long back = System.nanoTime();
        long recoveryMillis = -1;
        while (millisSince(back) < 10_000) {
            try {
                assertEquals(1, selectOne());
                recoveryMillis = millisSince(back);
                break;
            } catch (DependencyUnavailableException stillDown) {
                Thread.sleep(50);
            }
        }
        System.out.printf(
                "database outage: refusals took %s ms (pool wait %s, then the breaker), first success %d ms after"
                        + " the server was back%n",
                refusals, DatabaseSettings.DEFAULT_CONNECT_TIMEOUT, recoveryMillis);
        refusals.forEach(millis ->
                assertTrue(millis < 3_000, "refused after the bounded pool wait, not after 5 s: " + refusals + " ms"));
        assertTrue(recoveryMillis >= 0, "no success within 10 s of the server's return");
        assertTrue(recoveryMillis <= 5_000, "first success " + recoveryMillis + " ms after the server was back");
    }

    @Test
    void aStatementCutOffByTheServerShuttingDownIsUnavailableNotABug() throws Exception {
        CompletableFuture<Integer> sleeping = CompletableFuture.supplyAsync(() -> database.jdbi()
                .withHandle(h -> h.createQuery("SELECT 1 FROM pg_sleep(20)")
                        .mapTo(Integer.class)
                        .one()));
        Thread.sleep(500); // the statement is running
        postgres.stop();
        Throwable failure = assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> sleeping.get(20, TimeUnit.SECONDS))
                .getCause();
        assertTrue(
                failure instanceof DependencyUnavailableException unavailable
                        && unavailable.dependency() == DependencyUnavailableException.Dependency.DATABASE,
                String.valueOf(failure));
    }
}
