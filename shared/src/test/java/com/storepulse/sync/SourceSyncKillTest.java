package com.storepulse.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.db.Database;
import com.storepulse.ingest.AfterApply;
import com.storepulse.testing.MovableClock;
import com.storepulse.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * Kills a sync run at random points (SIGKILL to a JVM of its own, {@link SyncProcess}) at least 20
 * times, changing the source between runs, then lets one finish: the store ends exactly as the
 * source is, with no row twice, and every killed run is found abandoned by the run after it.
 */
class SourceSyncKillTest {

    private static final Database DATABASE = TestDatabase.shared();
    private static final int KILLS = 20;
    private static final int BATCH = 150;

    @Test
    void killedRunsResumeToTheExactSourceState() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists")
                .start();
        String name = "kill" + System.nanoTime();
        String options = ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;DB_CLOSE_DELAY=-1";
        try (SourceFixture source =
                SourceFixture.h2("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + options, null)) {
            source.seed(61, 2_000, 6_000);
            MovableClock clock = new MovableClock(java.time.Instant.parse("2026-03-01T12:00:00Z"));
            long[] ids = SyncTestSupport.tenantAndStore(DATABASE);
            SyncSources sources = SyncTestSupport.sources(DATABASE, clock);
            long sourceId = sources.register(ids[0], ids[1], source.jdbcUrl(), null, null, Map.of(), null)
                    .id();
            String key = java.util.Base64.getEncoder().encodeToString(SyncTestSupport.KEY);

            Random random = new Random(62);
            int kills = 0;
            int attempts = 0;
            List<Long> killedAfterMillis = new ArrayList<>();
            while (kills < KILLS && attempts < 3 * KILLS) {
                attempts++;
                // Every third run starts over (FULL), so kills also land late in a long run.
                String mode = attempts % 3 == 0 ? "full" : "incremental";
                Process process = start(sourceId, key, mode);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                while (line != null && !line.equals("running")) {
                    line = out.readLine(); // log lines before the run starts
                }
                assertEquals("running", line, "the sync process starts (its stderr: target/sync-process.log)");
                long delay = random.nextInt(900);
                if (!process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    kills++;
                    killedAfterMillis.add(delay);
                }
                if (attempts % 4 == 0) {
                    source.change(100 + attempts, 1.0, 3, 2);
                }
            }
            assertTrue(kills >= KILLS, "killed " + kills + " runs in " + attempts + " attempts");

            // The run after the last kill finishes the job; a FULL run then compares every key (the
            // killed processes ran on the system clock, so a reconciliation is not otherwise due here).
            SourceSync sync = new SourceSync(
                    DATABASE.jdbi(), sources, SourceConnections.DRIVER_MANAGER, AfterApply.NONE, clock, BATCH);
            SyncOutcome last = runOnceTheKilledSessionIsGone(sync, sourceId);
            assertEquals(
                    SyncOutcome.Status.COMPLETED, last.status(), last.failure().orElse(""));
            // A killed run that got as far as a reconciliation stamped it with the system clock, which
            // is ahead of this test's clock: move past both, so the next run's reconciliation is due.
            clock.advance(java.time.Duration.between(clock.instant(), java.time.Instant.now())
                    .plus(SourceSync.RECONCILE_EVERY)
                    .plusMinutes(1));
            assertEquals(
                    SyncOutcome.Status.COMPLETED,
                    sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());
            SourceFixture.Digest expected = source.digest();
            SourceFixture.Digest stored = SourceFixture.digest(DATABASE.jdbi(), ids[1]);
            assertEquals(expected.live(), stored.live(), "every live row, every column");
            assertTrue(
                    stored.deletedCustomers() <= expected.deletedCustomers()
                            && stored.deletedOrders() <= expected.deletedOrders(),
                    "tombstones only for rows the source deleted: " + stored + " vs " + expected);

            long abandoned = DATABASE.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) FROM sync_run WHERE sync_source_id = :s AND status = 'abandoned'")
                            .bind("s", sourceId)
                            .mapTo(Long.class)
                            .one());
            assertTrue(
                    abandoned >= KILLS / 2,
                    "killed runs found dead by their successors: " + abandoned
                            + " (a kill before the run's ledger row leaves none)");
            long partial = DATABASE.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) FROM sync_run WHERE sync_source_id = :s AND status = 'abandoned' AND batches > 0")
                            .bind("s", sourceId)
                            .mapTo(Long.class)
                            .one());
            assertTrue(partial >= 5, "kills landed mid-run, after some batches committed: " + partial);
        } finally {
            server.stop();
        }
    }

    /**
     * PostgreSQL frees a killed process's advisory lock when its backend notices the closed
     * connection, a moment after the kill: until then the next run is rightly ALREADY_RUNNING.
     */
    private static SyncOutcome runOnceTheKilledSessionIsGone(SourceSync sync, long sourceId)
            throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SyncOutcome outcome = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        while (outcome.status() == SyncOutcome.Status.ALREADY_RUNNING && System.nanoTime() < giveUpAt) {
            Thread.sleep(100);
            outcome = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        }
        return outcome;
    }

    private static Process start(long sourceId, String key, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                SyncProcess.class.getName(),
                TestDatabase.sharedJdbcUrl(),
                key,
                String.valueOf(sourceId),
                String.valueOf(BATCH),
                mode);
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File("target/sync-process.log")))
                .start();
    }
}
