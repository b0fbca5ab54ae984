package com.storepulse.sync;

import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.ingest.AfterApply;
import com.storepulse.testing.TestDatabase;
import java.time.Clock;
import java.util.Base64;

/**
 * One sync run in a JVM of its own, for {@link SourceSyncKillTest} to kill: {@code <postgres jdbc
 * url> <data key base64> <source id> <batch rows> <full|incremental>}. Prints {@code running} just
 * before the run starts and the outcome when it ends.
 */
public final class SyncProcess {

    private SyncProcess() {}

    public static void main(String[] args) {
        try (Database database = TestDatabase.open(args[0], 2)) {
            SyncSources sources = new SyncSources(
                    database.jdbi(),
                    SecretBox.ofKeys(Base64.getDecoder().decode(args[1])),
                    SecretResolver.NONE,
                    Clock.systemUTC());
            SourceSync sync = new SourceSync(
                    database.jdbi(),
                    sources,
                    SourceConnections.DRIVER_MANAGER,
                    AfterApply.NONE,
                    Clock.systemUTC(),
                    Integer.parseInt(args[3]));
            // Warm the pool first, so a kill right after "running" lands in the run, not in set-up.
            database.jdbi().useHandle(h -> h.execute("SELECT 1"));
            System.out.println("running");
            System.out.flush();
            SyncOutcome outcome = sync.run(
                    Long.parseLong(args[2]),
                    SyncMode.valueOf(args[4].toUpperCase(java.util.Locale.ROOT)),
                    SyncDeadline.NONE);
            System.out.println(
                    "outcome " + outcome.status() + " " + outcome.failure().orElse(""));
        }
        // Ended at once: a driver thread left behind must not make a finished run look killed.
        System.exit(0);
    }
}
