package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.GLOBEX;
import static com.storepulse.customerapi.QueryFixture.GLOBEX_STORE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.storepulse.customerapi.RealApi.Reply;
import com.storepulse.testing.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each response carries its own request's {@code RateLimit-*} values while many requests run at
 * once through one real handler (the local stack serves requests concurrently), with the real
 * admission, PostgreSQL and Redis.
 *
 * <p>Why the values prove it: a key's bucket lives in Redis and the admission script takes tokens
 * one request at a time, so n admitted requests of a key with burst B and a refill of 1 a minute
 * (under a tenth of a token during the test) are left with B-1, B-2, ..., B-n whole tokens, each
 * value exactly once. A response showing another request's decision repeats one of those values
 * and misses another.
 */
class ConcurrentRateLimitHeadersTest {

    private static final String SCOPES = "[\"stores:read\",\"customers:read\"]";
    private static final int THREADS = 16;

    private static RealApi api;
    private static String acmeCustomer;
    private static String globexCustomer;

    @BeforeAll
    static void start() {
        api = new RealApi();
        acmeCustomer = aCustomerOf(ACME_MAIN);
        globexCustomer = aCustomerOf(GLOBEX_STORE);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static String aCustomerOf(long store) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT external_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL ORDER BY external_id LIMIT 1")
                        .bind("s", store)
                        .mapTo(String.class)
                        .one());
    }

    /** One request: the store list, a customer page (PostgreSQL work between admission and answer) or a detail. */
    private record Call(String key, int burst, String path) {}

    private static List<String> paths(long store, String customer) {
        return List.of(
                "/v1/stores", "/v1/stores/" + store + "/customers", "/v1/stores/" + store + "/customers/" + customer);
    }

    @Test
    void concurrentRequestsOfOneKeyEachCarryTheirOwnRemaining() throws Exception {
        int requests = 60;
        int burst = requests + 20;
        String key = api.issueKey(ACME, SCOPES, null, 1, burst);
        List<String> paths = paths(ACME_MAIN, acmeCustomer);
        List<Call> calls = IntStream.range(0, requests)
                .mapToObj(i -> new Call(key, burst, paths.get(i % paths.size())))
                .toList();

        assertEachCarriesItsOwnDecision(calls, runConcurrently(calls));
    }

    @Test
    void concurrentRequestsOfKeysWithDifferentLimitsEachCarryTheirOwnKeysValues() throws Exception {
        int perKey = 30;
        List<Call> calls = new ArrayList<>();
        int[] bursts = {40, 55, 70};
        List<String> keys = new ArrayList<>();
        for (int burst : bursts) {
            keys.add(api.issueKey(burst == 55 ? GLOBEX : ACME, SCOPES, null, 1, burst));
        }
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < bursts.length; k++) {
                List<String> paths = k == 1 ? paths(GLOBEX_STORE, globexCustomer) : paths(ACME_MAIN, acmeCustomer);
                calls.add(new Call(keys.get(k), bursts[k], paths.get((i + k) % paths.size())));
            }
        }

        assertEachCarriesItsOwnDecision(calls, runConcurrently(calls));
    }

    /** All calls at once from {@value #THREADS} threads, started together; the replies in call order. */
    private static List<Reply> runConcurrently(List<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.get(call.path(), call.key());
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per key: every reply 200 with the key's own limit, and the remaining counts B-1 .. B-n, each once. */
    private static void assertEachCarriesItsOwnDecision(List<Call> calls, List<Reply> replies) {
        Map<String, List<Integer>> remainingByKey = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Reply reply = replies.get(i);
            assertEquals(200, reply.status(), call.path() + ": " + reply.body());
            assertEquals(
                    Integer.toString(call.burst()),
                    reply.headers().get("RateLimit-Limit"),
                    "the response carries its own key's limit: " + call.path());
            remainingByKey
                    .computeIfAbsent(call.key(), k -> new ArrayList<>())
                    .add(Integer.parseInt(reply.headers().get("RateLimit-Remaining")));
        }
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            List<Integer> remaining = remainingByKey.remove(call.key());
            if (remaining == null) {
                continue;
            }
            List<Integer> expected = IntStream.range(1, remaining.size() + 1)
                    .mapToObj(taken -> call.burst() - taken)
                    .sorted()
                    .toList();
            assertEquals(
                    expected,
                    remaining.stream().sorted().toList(),
                    "each response shows the tokens left after its own request, so every count appears once");
        }
    }
}
