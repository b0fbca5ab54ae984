package com.storepulse.usage;

import static com.storepulse.auth.AccessFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.AccessFixtures;
import com.storepulse.auth.AdmissionHarness;
import com.storepulse.auth.Scopes;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.http.ApiException;
import com.storepulse.http.ErrorCode;
import com.storepulse.observability.MetricNames;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.Refusals;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Every admitted request counts once per key, UTC day and route: in Redis, then flushed to PostgreSQL, or directly. */
class UsageMeteringTest {

    private static final String LIST = "GET /v1/stores";
    private static final String DETAIL = "GET /v1/stores/{storeId}/customers/{customerId}";

    private final AccessFixtures fixtures = new AccessFixtures(TestDatabase.shared());

    private static long total(List<DailyUsage> rows) {
        return rows.stream().mapToLong(DailyUsage::requests).sum();
    }

    @Test
    void nRequestsCountNPerRouteAndDay() {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.local());
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        LocalDate firstDay = harness.usageMeter.today();
        for (int i = 0; i < 7; i++) {
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        }
        harness.admission.admit(request(key.secret()), DETAIL, Scopes.STORES_READ);
        harness.clock.advance(Duration.ofDays(1));
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);

        assertEquals(
                List.of(
                        new DailyUsage(firstDay, LIST, 7),
                        new DailyUsage(firstDay, DETAIL, 1),
                        new DailyUsage(firstDay.plusDays(1), LIST, 1)),
                harness.usageMeter.usage(key.id(), firstDay, firstDay.plusDays(1)));
        assertEquals(
                List.of(new DailyUsage(firstDay.plusDays(1), LIST, 1)),
                harness.usageMeter.usage(key.id(), firstDay.plusDays(1), firstDay.plusDays(30)));
    }

    @Test
    void concurrentRequestsAndConcurrentFlushersCountExactly() throws Exception {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(TestRedis.url()));
        // A second instance: its own meter and Redis connection on the same keys.
        AdmissionHarness.Limiter sameRedis = new AdmissionHarness.Limiter(TestRedisSettings.healthy(TestRedis.url())
                .withKeyPrefix(harness.ledger.keys().prefix()));
        AdmissionHarness other = new AdmissionHarness(TestDatabase.shared(), sameRedis);
        AccessFixtures.Key key =
                fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 100_000, 10_000, null);
        int threads = 6;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        AtomicBoolean requestsDone = new AtomicBoolean();
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AdmissionHarness instance = t % 2 == 0 ? harness : other;
                requests.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        instance.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
                    }
                }));
            }
            List<Future<?>> flushers = new ArrayList<>();
            for (AdmissionHarness instance : List.of(harness, other)) {
                flushers.add(pool.submit(() -> {
                    while (!requestsDone.get()) {
                        instance.usageMeter.flush();
                    }
                }));
            }
            for (Future<?> f : requests) {
                f.get();
            }
            requestsDone.set(true);
            for (Future<?> f : flushers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                threads * perThread,
                total(harness.usageMeter.usage(key.id(), harness.usageMeter.today(), harness.usageMeter.today())),
                "what the usage route shows before the last flush");
        harness.usageMeter.flush();
        assertEquals(threads * perThread, fixtures.usage(key.id(), LIST), "every request in PostgreSQL once");
        assertEquals(List.of(), harness.ledger.unflushed(key.id()), "nothing left in Redis");
        assertEquals(
                threads * perThread,
                total(harness.usageMeter.usage(key.id(), harness.usageMeter.today(), harness.usageMeter.today())));
    }

    @Test
    void aFlushThatCommittedButDidNotCleanUpRedisIsNotAddedAgain() {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(TestRedis.url()));
        AccessFixtures.Key key =
                fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 100_000, 10_000, null);
        for (int i = 0; i < 5; i++) {
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        }
        String batch = UUID.randomUUID().toString();
        assertTrue(harness.ledger.seal(batch));
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ); // pending again, outside the batch
        // The flusher "crashes" after its commit, before forgetting the batch in Redis.
        assertEquals(5, harness.usageMeter.applyBatch(batch, harness.ledger.batch(batch)));
        assertEquals(5, fixtures.usage(key.id(), LIST));
        assertEquals(
                6,
                total(harness.usageMeter.usage(key.id(), harness.usageMeter.today(), harness.usageMeter.today())),
                "the applied batch still in Redis is not shown twice");

        assertEquals(
                1, harness.usageMeter.flush(), "the next flush adds only the new request and drops the applied batch");
        assertEquals(6, fixtures.usage(key.id(), LIST));
        assertEquals(
                List.of(),
                harness.ledger.sealedBatches().stream().filter(batch::equals).toList());
    }

    @Test
    void twoFlushersOfOneBatchAddItOnce() throws Exception {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(TestRedis.url()));
        AccessFixtures.Key key =
                fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 100_000, 10_000, null);
        for (int i = 0; i < 9; i++) {
            harness.admission.admit(request(key.secret()), DETAIL, Scopes.STORES_READ);
        }
        String batch = UUID.randomUUID().toString();
        assertTrue(harness.ledger.seal(batch));
        Map<UsageEntry, Long> counts = harness.ledger.batch(batch);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> added = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                added.add(pool.submit(() -> harness.usageMeter.applyBatch(batch, counts)));
            }
            long sum = 0;
            for (Future<Long> f : added) {
                sum += f.get();
            }
            assertEquals(9, sum, "one flusher added the batch, the others found it applied");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(9, fixtures.usage(key.id(), DETAIL));
    }

    @Test
    void withRedisARefused429IsNotCountedAndAFlushIsDueAfterTheInterval() {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(TestRedis.url()));
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 6, 2, null);
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        Refusals.answerOf(() -> harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ));
        assertEquals(0, fixtures.usage(key.id(), LIST), "counted in Redis, not flushed yet");
        assertEquals(
                2, total(harness.usageMeter.usage(key.id(), harness.usageMeter.today(), harness.usageMeter.today())));

        harness.clock.advance(AdmissionHarness.FLUSH_INTERVAL.plusSeconds(1));
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ); // finds a flush due
        assertTrue(fixtures.usage(key.id(), LIST) >= 2, "the due flush moved the earlier counts to PostgreSQL");
        harness.usageMeter.flush();
        assertEquals(3, fixtures.usage(key.id(), LIST));
        assertEquals(0, harness.metrics.total(MetricNames.USAGE_UNCERTAIN));
    }

    @Test
    void withRedisAProbeOfAStoreTheKeyMayNotReadTakesATokenButIsNeverCounted() {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(TestRedis.url()));
        long tenant = fixtures.tenant();
        long own = fixtures.store(tenant);
        long foreign = fixtures.store(fixtures.tenant());
        AccessFixtures.Key key = fixtures.key(tenant, List.of(Scopes.CUSTOMERS_READ), null, 60, 10, null);
        for (long probed : new long[] {foreign, Long.MAX_VALUE, foreign}) {
            assertEquals(
                    ErrorCode.NOT_FOUND,
                    Refusals.answerOf(() -> harness.admission.admitToStore(
                                    request(key.secret()), DETAIL, Scopes.CUSTOMERS_READ, () -> probed))
                            .code());
        }
        assertEquals(List.of(), harness.ledger.unflushed(key.id()), "no probe reached the pending usage hash");

        {
            var grant = harness.admission.admitToStore(request(key.secret()), DETAIL, Scopes.CUSTOMERS_READ, () -> own);
            assertEquals(
                    6,
                    grant.rateLimit().remaining(),
                    "the shared Redis bucket (burst 10) lost a token to each probe and one to this request");
        }
        LocalDate today = harness.usageMeter.today();
        assertEquals(
                List.of(new DailyUsage(today, DETAIL, 1)),
                harness.usageMeter.usage(key.id(), today, today),
                "the usage view shows the one readable request, before the flush");
        assertEquals(1, harness.usageMeter.flush());
        assertEquals(1, fixtures.usage(key.id(), DETAIL), "PostgreSQL has it once");
        assertEquals(List.of(new DailyUsage(today, DETAIL, 1)), harness.usageMeter.usage(key.id(), today, today));
        assertEquals(
                0,
                harness.metrics.total(MetricNames.USAGE_DIRECT_WRITE)
                        + harness.metrics.total(MetricNames.USAGE_UNCERTAIN));
    }

    @Test
    void aRefused429IsNotBilledAndCarriesTheRateLimitHeaders() {
        AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.local());
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 6, 2, null);
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        ApiException refused =
                Refusals.answerOf(() -> harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ));

        assertEquals(ErrorCode.RATE_LIMITED, refused.code());
        assertEquals("10", refused.headers().get("Retry-After"), "6 a minute: one every 10 s");
        assertEquals("2", refused.headers().get("RateLimit-Limit"));
        assertEquals("0", refused.headers().get("RateLimit-Remaining"));
        assertEquals("20", refused.headers().get("RateLimit-Reset"));
        assertEquals(2, fixtures.usage(key.id(), LIST));
        assertEquals(1, harness.metrics.total(MetricNames.RATE_LIMITED));

        harness.clock.advance(Duration.ofSeconds(10));
        harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        assertEquals(3, fixtures.usage(key.id(), LIST));
    }

    @Test
    void aFlushReportsWhetherItCompletedAndWhatWaitsIsFlushedOnceRedisIsBack() {
        EmbeddedRedis server = DevServers.startRedis();
        try {
            AdmissionHarness harness =
                    new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(server.url()));
            AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 600, 100, null);
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            assertEquals(new UsageMeter.FlushResult(2, true), harness.usageMeter.flushAll());
            assertEquals(
                    new UsageMeter.FlushResult(0, true),
                    harness.usageMeter.flushAll(),
                    "nothing left: a complete no-op");
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            server.stop();

            assertEquals(
                    new UsageMeter.FlushResult(0, false), harness.usageMeter.flushAll(), "Redis is gone: incomplete");
            assertTrue(harness.metrics.total(MetricNames.USAGE_FLUSH_ERROR) >= 1);
            assertEquals(2, fixtures.usage(key.id(), LIST));
        } finally {
            server.stop();
        }
        AdmissionHarness noRedis = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.local());
        assertEquals(
                new UsageMeter.FlushResult(0, true),
                noRedis.usageMeter.flushAll(),
                "without Redis there is nothing to flush");
    }

    @Test
    void withRedisStoppedRequestsAreStillLimitedAndCounted() {
        EmbeddedRedis server = DevServers.startRedis();
        try {
            AdmissionHarness harness =
                    new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.redis(server.url()));
            AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 60, 3, null);
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            assertEquals(1, harness.usageMeter.flush(), "counted in Redis, then flushed");
            server.stop();

            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            assertEquals(
                    ErrorCode.RATE_LIMITED,
                    Refusals.answerOf(() -> harness.admission.admit(request(key.secret()), LIST, Scopes.STORES_READ))
                            .code(),
                    "the per-instance bucket (burst 3) still limits");
            long uncertain = (long) harness.metrics.total(MetricNames.USAGE_UNCERTAIN);
            assertEquals(
                    4 - uncertain,
                    fixtures.usage(key.id(), LIST),
                    "1 before the outage + 3 during it, less any whose Redis reply was lost; the 429 is not billed");
            assertTrue(uncertain <= 1, "only a request in flight as Redis went away");
            assertEquals(3 - uncertain, (long) harness.metrics.total(MetricNames.USAGE_DIRECT_WRITE));
        } finally {
            server.stop();
        }
    }
}
