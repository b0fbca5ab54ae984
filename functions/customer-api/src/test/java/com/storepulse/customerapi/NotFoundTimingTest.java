package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.GLOBEX;
import static com.storepulse.customerapi.QueryFixture.GLOBEX_STORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.devservers.LambdaContextStandIn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one timing comparison of the test suite (issue 15): a 404 for another tenant's store and a
 * 404 for a store that does not exist take the same time, within the noise of the measurement.
 * An outside probe told them apart by the clock (medians 1.5-2.3 ms against 2.4-4.4 ms): the
 * owner of a store was cached in-process, so another tenant's store was refused from memory while
 * a missing one cost a database query. Both now cost the same query.
 *
 * <p>Through the real handler and admission (PostgreSQL, Redis), the two requests interleaved in a
 * random order pair by pair, so a slow moment of this shared 2-core machine falls on both alike.
 * The tolerance comes from the measured spread ({@link Comparison}): a loaded machine widens it
 * instead of failing the test, while the difference of a database round trip (0.26-0.35 ms here
 * before the fix, against a 99.9 % interval some 0.05 ms wide) stays far outside it. Up to three
 * rounds; a real difference fails all three. No sleeps.
 */
class NotFoundTimingTest {

    private static final long MISSING_STORE = 987_654_321_012L;
    private static final int WARM_UP_PAIRS = 200;
    private static final int PAIRS = 400;
    private static final int ROUNDS = 3;

    private static RealApi api;

    @BeforeAll
    static void start() {
        api = new RealApi();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aForeignStoresNotFoundTakesAsLongAsAMissingStoresNotFound() {
        String keyOfA = api.issueKey(ACME, "[\"stores:read\"]", null, 100_000, 10_000);
        String keyOfB = api.issueKey(GLOBEX, "[\"stores:read\"]", null, 100_000, 10_000);
        String foreign = "/v1/stores/" + GLOBEX_STORE + "/summary";
        String missing = "/v1/stores/" + MISSING_STORE + "/summary";
        // The owner uses its store, as it would: whatever the owner's reads leave behind (a cache
        // entry) is there when A probes.
        assertEquals(200, api.get(foreign, keyOfB).status());

        List<String> rounds = new ArrayList<>();
        Random order = new Random(15);
        for (int round = 1; round <= ROUNDS; round++) {
            measure(keyOfA, foreign, missing, WARM_UP_PAIRS, order);
            long[][] samples = measure(keyOfA, foreign, missing, PAIRS, order);
            Comparison comparison = new Comparison(samples[0], samples[1]);
            rounds.add("round " + round + ": " + comparison);
            System.out.println("NotFoundTimingTest " + rounds.getLast());
            if (comparison.withinNoise()) {
                return;
            }
        }
        fail("the two 404s take different times:\n" + String.join("\n", rounds));
    }

    /** Nanoseconds per request: [0] another tenant's store, [1] no store, {@code pairs} of each interleaved. */
    private static long[][] measure(String key, String foreign, String missing, int pairs, Random order) {
        long[] foreignTimes = new long[pairs];
        long[] missingTimes = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            if (order.nextBoolean()) {
                foreignTimes[i] = timed(foreign, key);
                missingTimes[i] = timed(missing, key);
            } else {
                missingTimes[i] = timed(missing, key);
                foreignTimes[i] = timed(foreign, key);
            }
        }
        return new long[][] {foreignTimes, missingTimes};
    }

    private static long timed(String path, String key) {
        APIGatewayProxyRequestEvent event = RealApi.proxyEvent("GET", path, key, null);
        var context = LambdaContextStandIn.of(
                "customer-api", event.getRequestContext().getRequestId());
        long start = System.nanoTime();
        APIGatewayProxyResponseEvent response = api.handler.handleRequest(event, context);
        long took = System.nanoTime() - start;
        if (response.getStatusCode() != 404) {
            throw new AssertionError(path + ": " + response.getStatusCode() + " " + response.getBody());
        }
        return took;
    }

    /**
     * The two samples pair by pair (each pair taken back to back, in a random order). The paired
     * differences' median has a distribution-free 99.9 % confidence interval from their order
     * statistics (the sign test): it is as wide as this run's noise makes it. The two 404s take the
     * same time when that interval holds zero, or when the median difference is under a fortieth of
     * the typical request (a difference too small to matter even if it is real).
     */
    private record Comparison(
            double foreignMedian, double missingMedian, double difference, double lower, double upper) {

        private static final double Z = 3.29; // two-sided 99.9 %

        Comparison(long[] foreign, long[] missing) {
            this(median(foreign), median(missing), differences(foreign, missing));
        }

        private Comparison(double foreignMedian, double missingMedian, double[] sorted) {
            this(
                    foreignMedian,
                    missingMedian,
                    quantile(sorted, 0.5),
                    sorted[k(sorted.length)],
                    sorted[sorted.length - 1 - k(sorted.length)]);
        }

        /** A fortieth of the typical request: smaller differences do not matter. */
        double margin() {
            return (foreignMedian + missingMedian) / 2 / 40;
        }

        boolean withinNoise() {
            return (lower <= 0 && 0 <= upper) || Math.abs(difference) <= margin();
        }

        @Override
        public String toString() {
            return String.format(
                    "median %.0f us (another tenant's store) vs %.0f us (no store); paired difference %.0f us,"
                            + " 99.9%% interval [%.0f, %.0f] us, margin %.0f us",
                    foreignMedian, missingMedian, difference, lower, upper, margin());
        }

        private static int k(int n) {
            return Math.max(0, (int) Math.floor((n - Z * Math.sqrt(n)) / 2));
        }

        private static double[] differences(long[] foreign, long[] missing) {
            double[] d = new double[foreign.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (missing[i] - foreign[i]) / 1_000.0;
            }
            Arrays.sort(d);
            return d;
        }

        private static double median(long[] nanos) {
            double[] micros =
                    Arrays.stream(nanos).mapToDouble(n -> n / 1_000.0).sorted().toArray();
            return quantile(micros, 0.5);
        }

        private static double quantile(double[] sorted, double q) {
            double position = q * (sorted.length - 1);
            int lower = (int) Math.floor(position);
            int upper = (int) Math.ceil(position);
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
        }
    }
}
