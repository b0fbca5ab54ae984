package com.storepulse.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.ingest.ChangeApplier;
import com.storepulse.ingest.CustomerChange;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.testing.ClearTextSearch;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * An erasure and a change of the same customer never interleave: a writer that checked the
 * suppressions (and so holds the store's ingest lock, shared) before the erasure keeps the
 * erasure waiting until it commits, and the erasure then erases what it wrote. Without the lock the
 * erasure would find no row, commit its suppression, and the writer's commit would bring the
 * customer's personal data in after it.
 */
class ErasureIngestRaceTest {

    private static final Database DATABASE = TestDatabase.shared();

    @Test
    void anErasureWaitsForAWriterThatCheckedBeforeItAndErasesWhatItWrote() throws Exception {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        PrivacyFixture.Person ada = store.person("ada");
        Suppressions suppressions = new Suppressions(PrivacyFixture.HASHES, MetricsRecorder.NOOP);
        CustomerErasure erasure = new CustomerErasure(
                DATABASE.jdbi(),
                PrivacyFixture.HASHES,
                CacheInvalidation.NONE,
                Duration.ofMinutes(5),
                MetricsRecorder.NOOP);

        CompletableFuture<CustomerErasure.Outcome> erased;
        try (Handle writer = DATABASE.jdbi().open()) {
            writer.begin();
            assertFalse(suppressions.refuses(writer, store.storeId, ada.id(), Suppressions.WEBHOOK));

            erased = CompletableFuture.supplyAsync(() -> erasure.erase(store.storeId, ada.id(), store.actor()));
            waitForAWaitingIngestLock(store.storeId);
            assertFalse(erased.isDone(), "the erasure waits for the writer");

            new ChangeApplier()
                    .apply(
                            writer,
                            store.storeId,
                            CustomerChange.upsert(
                                    ada.id(), ada.email(), ada.firstName(), ada.lastName(), null, Instant.now()));
            writer.commit();
        }
        CustomerErasure.Outcome outcome = erased.get(30, TimeUnit.SECONDS);

        assertTrue(outcome.erasure().customerFound(), "it found what the writer committed");
        assertEquals(List.of(), ClearTextSearch.find(DATABASE.jdbi(), ada.clearText()));
        try (Handle later = DATABASE.jdbi().open()) {
            later.begin();
            assertTrue(
                    suppressions.refuses(later, store.storeId, ada.id(), Suppressions.WEBHOOK), "later writers see it");
            later.rollback();
        }
    }

    /** Until pg_locks shows someone waiting for the store's ingest lock (V18: class 23570). */
    private static void waitForAWaitingIngestLock(long storeId) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            boolean waiting = DATABASE.jdbi()
                    .withHandle(h -> h.createQuery("""
                                    SELECT EXISTS (SELECT 1 FROM pg_locks
                                                   WHERE locktype = 'advisory' AND NOT granted AND classid = 23570
                                                     AND objid = hashtext(CAST(:s AS text))::oid)""")
                            .bind("s", storeId)
                            .mapTo(Boolean.class)
                            .one());
            if (waiting) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the erasure never waited for the ingest lock");
    }
}
