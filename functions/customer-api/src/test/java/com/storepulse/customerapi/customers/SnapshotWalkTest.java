package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.Scopes;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.customerapi.QueryFixture;
import com.storepulse.customerapi.TestAdmission;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customers.ScoreSnapshot;
import com.storepulse.http.Router;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestOrders;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "Done when": walking every page of a store with more than 10,000 customers returns
 * each customer exactly once, in order, also while scores change between pages. The scorer itself
 * rescores the store between pages (store 104, a tenant of its own): incremental rescorings of
 * customers who just placed an order (in-place upserts) after every page, and two full
 * rescorings with a refit (partition swaps, new parameters: nearly every LTV and churn risk moves)
 * during each walk. The walk must return exactly the customers scored when its first page was read,
 * in that moment's order, with that moment's values.
 */
class SnapshotWalkTest {

    private static final long TENANT = 1004;
    private static final long STORE = 104;
    private static final long BASE = 6_000_000;
    /** More than 10,000, and not a multiple of the page size. */
    private static final int CUSTOMERS = 10_037;

    private static final String KEY = "sp_test_snapshot_all";
    private static final Instant END =
            LocalDate.of(2025, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The pages after which a full rescoring (partition swap) runs instead of an incremental one. */
    private static final Set<Integer> FULL_RESCORING_AFTER_PAGE = Set.of(12, 30);

    private static QueryFixture fixture;
    private static Jdbi jdbi;
    private static StoreScoringService scorer;
    /** Scoring times move forward a minute per run; new orders are placed just before. */
    private static int minute;

    private static int orderSequence;

    @BeforeAll
    static void store() {
        fixture = QueryFixture.get();
        jdbi = fixture.database.jdbi();
        TestAdmission.key(KEY, TENANT, Scopes.ALL, null);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO tenant (tenant_id, slug, name) VALUES (?, 'snapshot-walks', 'Snapshot')", TENANT);
            h.execute("INSERT INTO store (store_id, tenant_id, name) VALUES (?, ?, 'Snapshot walks')", STORE, TENANT);
            h.createUpdate("""
                            INSERT INTO dim_customer (customer_id, store_id, external_id, first_name, last_name)
                            SELECT :base + i, :store, 'S-' || lpad(i::text, 6, '0'), 'Walk', 'Er' || i
                            FROM generate_series(1, :n) AS i""")
                    .bind("base", BASE)
                    .bind("store", STORE)
                    .bind("n", CUSTOMERS)
                    .execute();
            TestOrders.insertDeterministic(h, STORE, 190); // in 2025, before the scoring day
            h.execute("ANALYZE dim_customer");
            h.execute("ANALYZE fact_order");
        });
        scorer = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        scorer.rescoreStore(STORE, nextScoringTime(), true);
    }

    private static Instant nextScoringTime() {
        return END.plus(Duration.ofMinutes(++minute));
    }

    /** Each customer places an order on the scoring day, just before the next scoring time. */
    private static void placeOrders(List<Long> customerIds) {
        Instant at = END.plus(Duration.ofMinutes(minute + 1)).minusSeconds(30);
        jdbi.useHandle(h -> {
            for (long id : customerIds) {
                h.createUpdate("""
                                INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
                                VALUES (:store, :ext, :id, 20251231, :at, :amount, 'USD')""")
                        .bind("store", STORE)
                        .bind("ext", "new-" + (++orderSequence))
                        .bind("id", id)
                        .bind("at", at.atOffset(ZoneOffset.UTC))
                        .bind("amount", new BigDecimal(25 + (id * 13 + orderSequence) % 400))
                        .execute();
            }
        });
    }

    /** A customer's list values as the database holds them now. */
    private record Scores(
            long id, String externalId, BigDecimal ltv, double churnRisk, Instant lastOrderAt, BigDecimal totalSpend) {
        Object key(String sort) {
            return switch (sort.replace("-", "")) {
                case "ltv" -> ltv.stripTrailingZeros();
                case "churnRisk" -> churnRisk;
                case "recency" -> lastOrderAt;
                case "totalSpend" -> totalSpend.stripTrailingZeros();
                default -> throw new IllegalArgumentException(sort);
            };
        }
    }

    /** Every scored live customer of the store, in the order {@code sort} lists them. */
    private static List<Scores> current(String sort) {
        return current(sort, "");
    }

    /** The same, only those matching {@code filter} (SQL on alias s: fixed test text). */
    private static List<Scores> current(String sort, String filter) {
        boolean descending = sort.startsWith("-");
        String key = switch (sort.replace("-", "")) {
            case "ltv" -> "s.predicted_ltv";
            case "churnRisk" -> "s.churn_risk";
            case "recency" -> "COALESCE(s.last_order_at, '-infinity'::timestamptz)";
            case "totalSpend" -> "s.total_spend";
            default -> throw new IllegalArgumentException(sort);
        };
        String direction = descending ? "DESC" : "ASC";
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.customer_id, c.external_id, s.predicted_ltv, s.churn_risk, s.last_order_at, s.total_spend
                        FROM customer_score s JOIN dim_customer c ON c.customer_id = s.customer_id
                        WHERE s.store_id = :store AND c.deleted_at IS NULL %s
                        ORDER BY %s %s, s.customer_id %s""".formatted(filter, key, direction, direction))
                .bind("store", STORE)
                .map((rs, ctx) -> {
                    OffsetDateTime last = rs.getObject("last_order_at", OffsetDateTime.class);
                    return new Scores(
                            rs.getLong("customer_id"),
                            rs.getString("external_id"),
                            rs.getBigDecimal("predicted_ltv"),
                            rs.getDouble("churn_risk"),
                            last == null ? null : last.toInstant(),
                            rs.getBigDecimal("total_spend"));
                })
                .list());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"-ltv", "ltv", "-churnRisk", "churnRisk", "-recency", "recency", "-totalSpend", "totalSpend"})
    void aWalkReturnsItsSnapshotExactlyOnceInOrderWhileTheScorerRewritesTheStore(String sort) {
        walk(sort, Map.of(), "", 10_000, 500);
    }

    /**
     * A filter is applied to the snapshot's values: a customer whose LTV crosses the bound (the
     * store's median when the walk begins) during the walk is in it if and only if it matched then.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-churnRisk", "recency"})
    void aFilteredWalkFiltersTheSnapshot(String sort) {
        BigDecimal median = jdbi.withHandle(h ->
                h.createQuery("""
                        SELECT round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY predicted_ltv) AS numeric), 2)
                        FROM customer_score WHERE store_id = :store""").bind("store", STORE).mapTo(BigDecimal.class).one());
        walk(
                sort,
                Map.of("minLtv", List.of(median.toPlainString())),
                "AND s.predicted_ltv >= " + median.toPlainString(),
                3_000,
                100);
    }

    private void walk(String sort, Map<String, List<String>> filters, String sqlFilter, int atLeast, int movedAtLeast) {
        Random random = new Random(sort.hashCode() + filters.hashCode());
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= CUSTOMERS; i++) {
            ids.add(BASE + i);
        }
        // The snapshot: read with the first page, before anything is rescored.
        List<Scores> snapshot = current(sort, sqlFilter);
        assertTrue(snapshot.size() > atLeast, "the walk should return " + snapshot.size() + " customers");

        List<JsonNode> walked = new ArrayList<>();
        int fullRescorings = 0;
        int incrementalRescorings = 0;
        String cursor = null;
        int page = 0;
        do {
            Map<String, List<String>> query = q("sort", sort, "limit", "200");
            query.putAll(filters);
            if (cursor != null) {
                query.put("cursor", List.of(cursor));
            }
            QueryFixture.Response response = fixture.customers(KEY, STORE, query);
            assertEquals(200, response.status(), "page " + page + ": " + response.body());
            response.body().get("items").forEach(walked::add);
            cursor = response.body().path("nextCursor").asText(null);
            page++;
            if (cursor == null) {
                break;
            }
            if (FULL_RESCORING_AFTER_PAGE.contains(page)) {
                placeOrders(pick(random, ids, 50));
                ScoringRun run = scorer.rescoreStore(STORE, nextScoringTime(), true);
                assertTrue(run.wholeStore() && run.refitted(), run.toString());
                fullRescorings++;
            } else {
                // 20 customers, seen or not yet, each with a new order on the scoring day (their
                // spend, recency, LTV and churn risk move), rescored in place
                List<Long> batch = pick(random, ids, 20);
                placeOrders(batch);
                ScoringRun run = scorer.rescoreCustomers(STORE, batch, nextScoringTime());
                assertFalse(run.wholeStore(), "an incremental run, not a fallback to a full one: " + run);
                incrementalRescorings++;
            }
        } while (true);

        // Exactly the snapshot's customers, each once, in the snapshot's order.
        List<String> expected = snapshot.stream().map(Scores::externalId).toList();
        List<String> got =
                walked.stream().map(item -> item.get("customerId").asText()).toList();
        Set<String> distinct = new HashSet<>(got);
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(distinct);
        assertEquals(got.size(), distinct.size(), "customers returned twice: " + (got.size() - distinct.size()));
        assertTrue(
                missing.isEmpty(),
                missing.size() + " customers of the snapshot not returned, e.g. "
                        + missing.stream().limit(5).toList());
        assertEquals(expected.size(), got.size(), "customers returned that the snapshot did not have");
        int firstDifference = 0;
        while (firstDifference < got.size() && got.get(firstDifference).equals(expected.get(firstDifference))) {
            firstDifference++;
        }
        assertEquals(got.size(), firstDifference, "out of the snapshot's order at position " + firstDifference);

        // With the snapshot's values.
        for (int i = 0; i < snapshot.size(); i++) {
            Scores then = snapshot.get(i);
            JsonNode item = walked.get(i);
            assertEquals(0, then.ltv().compareTo(item.get("predictedLtv").decimalValue()), "predictedLtv of " + then);
            assertEquals(then.churnRisk(), item.get("churnRisk").asDouble(), 0.0, "churnRisk of " + then);
            assertEquals(
                    0, then.totalSpend().compareTo(item.get("totalSpend").decimalValue()), "totalSpend of " + then);
            assertEquals(
                    then.lastOrderAt(), Instant.parse(item.get("lastOrderAt").asText()), "lastOrderAt of " + then);
        }

        // The walk was worth checking: the store really changed under it, both ways.
        int pages = (snapshot.size() + 199) / 200;
        assertEquals(
                pages > Collections.max(FULL_RESCORING_AFTER_PAGE)
                        ? FULL_RESCORING_AFTER_PAGE.size()
                        : (int) FULL_RESCORING_AFTER_PAGE.stream()
                                .filter(p -> p < pages)
                                .count(),
                fullRescorings);
        assertTrue(
                fullRescorings >= 1 && incrementalRescorings >= pages - 3,
                incrementalRescorings + " incremental rescorings");
        Map<Long, Object> now = new HashMap<>();
        current(sort).forEach(s -> now.put(s.id(), s.key(sort)));
        long moved = snapshot.stream()
                .filter(s -> !s.key(sort).equals(now.get(s.id())))
                .count();
        assertTrue(moved >= movedAtLeast, "only " + moved + " customers' " + sort + " changed during the walk");
        if (!sqlFilter.isEmpty()) {
            // customers who came to match the filter during the walk (or stopped): none of the first kind was returned
            Set<Long> matchedThen = new HashSet<>();
            snapshot.forEach(s -> matchedThen.add(s.id()));
            Set<Long> matchNow = new HashSet<>();
            current(sort, sqlFilter).forEach(s -> matchNow.add(s.id()));
            Set<Long> crossed = new HashSet<>(matchedThen);
            crossed.addAll(matchNow);
            crossed.removeIf(id -> matchedThen.contains(id) && matchNow.contains(id));
            assertTrue(
                    crossed.size() >= 50,
                    "only " + crossed.size() + " customers crossed the filter's bound during the walk");
        }
    }

    private static List<Long> pick(Random random, List<Long> ids, int n) {
        List<Long> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (out.size() < n) {
            long id = ids.get(random.nextInt(ids.size()));
            if (seen.add(id)) {
                out.add(id);
            }
        }
        return out;
    }

    @Test
    void aCursorOlderThanItsWalksLifetimeIsA400ProblemNamingTheCursor() {
        MutableClock clock = new MutableClock();
        Router router = fixture.customerRouter(new CursorCodec(() -> new byte[32], clock, ScoreSnapshot.WALK_LIFETIME));
        QueryFixture.Response first = fixture.customers(router, KEY, STORE, q("limit", "100"));
        String cursor = first.body().path("nextCursor").asText(null);
        assertNotNull(cursor, first.body().toString());

        clock.advance(Duration.ofMinutes(59));
        QueryFixture.Response second = fixture.customers(router, KEY, STORE, q("limit", "100", "cursor", cursor));
        assertEquals(200, second.status(), "within the hour: " + second.body());
        String later = second.body().path("nextCursor").asText(null);

        // the hour counts from the walk's first page, not from the cursor's own page
        clock.advance(Duration.ofMinutes(2));
        QueryFixture.Response expired = fixture.customers(router, KEY, STORE, q("limit", "100", "cursor", later));

        assertEquals(400, expired.status(), expired.body().toString());
        assertEquals("application/problem+json", expired.headers().get("Content-Type"));
        assertEquals("CURSOR_EXPIRED", expired.body().path("code").asText());
        assertEquals("cursor", expired.errorField());
        assertFalse(
                expired.body().path("correlationId").asText().isEmpty(),
                expired.body().toString());
    }

    /**
     * A cursor signed before cursors were encrypted (v1; this one also from before walks had
     * snapshots: no version, no start) cannot continue a walk consistently: expired, not misread.
     */
    @Test
    void aCursorFromBeforeSnapshotsIsExpiredNotMisread() throws Exception {
        byte[] key = new byte[32];
        Router router =
                fixture.customerRouter(new CursorCodec(() -> key, new MutableClock(), ScoreSnapshot.WALK_LIFETIME));
        String old = "{\"q\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"k\":\"1.000000\",\"i\":5}";
        String body =
                "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(old.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String cursor = body + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));

        QueryFixture.Response response = fixture.customers(router, KEY, STORE, q("limit", "100", "cursor", cursor));

        assertEquals(400, response.status(), response.body().toString());
        assertEquals("CURSOR_EXPIRED", response.body().path("code").asText());
        assertEquals("cursor", response.errorField());
    }

    @Test
    void aWalkWhoseRetiredScoresWereDroppedIsA400ProblemNotAShortWalk() {
        QueryFixture.Response first = fixture.customers(KEY, STORE, q("limit", "100"));
        String cursor = first.body().path("nextCursor").asText(null);
        assertNotNull(cursor, first.body().toString());
        scorer.rescoreStore(STORE, nextScoringTime(), true);
        long version =
                jdbi.withHandle(h -> h.createQuery("SELECT score_version FROM store_scoring_state WHERE store_id = ?")
                        .bind(0, STORE)
                        .mapTo(Long.class)
                        .one());
        String kept = ScoreSnapshot.keptPartition(STORE, version);
        assertNotNull(regclass(kept), "the swap keeps the partition the walk reads");
        QueryFixture.Response pinned = fixture.customers(KEY, STORE, q("limit", "100", "cursor", cursor));
        assertEquals(200, pinned.status(), pinned.body().toString());
        assertEquals(100, pinned.body().get("items").size(), "the kept partition serves the walk's second page");

        // As if the retention had passed: the store's next run drops what the walk needs.
        jdbi.useHandle(h -> {
            h.execute(
                    "UPDATE customer_score_retired_partition SET retired_at = now() - interval '2 hours' WHERE store_id = ?",
                    STORE);
            h.execute(
                    "UPDATE customer_score_retired SET retired_at = now() - interval '2 hours' WHERE store_id = ?",
                    STORE);
        });
        List<Long> one = List.of(BASE + 1);
        placeOrders(one);
        scorer.rescoreCustomers(STORE, one, nextScoringTime());
        assertNull(regclass(kept), "the scorer's next run dropped the expired partition");

        QueryFixture.Response gone = fixture.customers(KEY, STORE, q("limit", "100", "cursor", cursor));
        assertEquals(400, gone.status(), gone.body().toString());
        assertEquals("CURSOR_EXPIRED", gone.body().path("code").asText());
        assertEquals("cursor", gone.errorField());
    }

    private static String regclass(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:t)::text")
                .bind("t", table)
                .mapTo(String.class)
                .one());
    }
}
