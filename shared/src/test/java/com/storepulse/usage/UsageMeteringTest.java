package com.storepulse.usage;

import static com.storepulse.auth.AccessFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.auth.AccessFixtures;
import com.storepulse.auth.GuardHarness;
import com.storepulse.auth.Scopes;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.observability.MetricNames;
import com.storepulse.problem.ApiException;
import com.storepulse.problem.ErrorCode;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every admitted request counts once per key, UTC day and route, in PostgreSQL. */
class UsageMeteringTest {

    private static final String LIST = "GET /v1/stores";
    private static final String DETAIL = "GET /v1/stores/{storeId}/customers/{customerId}";

    private final AccessFixtures fixtures = new AccessFixtures(TestDatabase.shared());

    @Test
    void nRequestsCountNPerRouteAndDay() {
        GuardHarness harness = new GuardHarness(TestDatabase.shared(), GuardHarness.local());
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        LocalDate firstDay = harness.usageMeter.today();
        for (int i = 0; i < 7; i++) {
            harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        }
        harness.guard.admit(request(key.secret()), DETAIL, Scopes.STORES_READ);
        harness.clock.advance(Duration.ofDays(1));
        harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);

        assertEquals(List.of(new DailyUsage(firstDay, LIST, 7), new DailyUsage(firstDay, DETAIL, 1),
                        new DailyUsage(firstDay.plusDays(1), LIST, 1)),
                harness.usageMeter.usage(key.id(), firstDay, firstDay.plusDays(1)));
        assertEquals(List.of(new DailyUsage(firstDay.plusDays(1), LIST, 1)),
                harness.usageMeter.usage(key.id(), firstDay.plusDays(1), firstDay.plusDays(30)));
    }

    @Test
    void concurrentRequestsFromManyThreadsCountExactly() throws Exception {
        GuardHarness harness = new GuardHarness(TestDatabase.shared(), GuardHarness.redis(TestRedis.url()));
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 100_000, 10_000, null);
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, fixtures.usage(key.id(), LIST));
    }

    @Test
    void aRefused429IsNotBilledAndCarriesTheRateLimitHeaders() {
        GuardHarness harness = new GuardHarness(TestDatabase.shared(), GuardHarness.local());
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 6, 2, null);
        harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        ApiException refused = assertThrows(ApiException.class,
                () -> harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ));

        assertEquals(ErrorCode.RATE_LIMITED, refused.code());
        assertEquals("10", refused.headers().get("Retry-After"), "6 a minute: one every 10 s");
        assertEquals("2", refused.headers().get("RateLimit-Limit"));
        assertEquals("0", refused.headers().get("RateLimit-Remaining"));
        assertEquals("20", refused.headers().get("RateLimit-Reset"));
        assertEquals(2, fixtures.usage(key.id(), LIST));
        assertEquals(1, harness.metrics.total(MetricNames.RATE_LIMITED));

        harness.clock.advance(Duration.ofSeconds(10));
        harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
        assertEquals(3, fixtures.usage(key.id(), LIST));
    }

    @Test
    void withRedisStoppedRequestsAreStillLimitedAndCounted() {
        EmbeddedRedis server = DevServers.startRedis();
        try {
            GuardHarness harness = new GuardHarness(TestDatabase.shared(), GuardHarness.redis(server.url()));
            AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 60, 3, null);
            harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            server.stop();

            harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ);
            assertEquals(ErrorCode.RATE_LIMITED, assertThrows(ApiException.class,
                    () -> harness.guard.admit(request(key.secret()), LIST, Scopes.STORES_READ)).code(),
                    "the per-instance bucket (burst 3) still limits");
            assertEquals(4, fixtures.usage(key.id(), LIST), "1 before the outage + 3 during it; the 429 is not billed");
        } finally {
            server.stop();
        }
    }
}
