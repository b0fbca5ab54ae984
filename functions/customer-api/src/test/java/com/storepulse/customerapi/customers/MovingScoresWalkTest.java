package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.QueryFixture;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keyset pagination while scores are rewritten between page fetches by plain UPDATEs that bypass
 * the scorer (store 103 only): no score version moves, so the walk cannot pin a snapshot (the
 * scorer's own rescorings are covered by SnapshotWalkTest, which demands the snapshot exactly).
 *
 * <p>What keyset paging alone still guarantees: every customer whose sort key did not change
 * during the walk appears exactly once; the walk as a whole is in strictly descending
 * (key as returned, id) order, so nothing is ever returned out of order; a customer whose key
 * changed appears at most once per move plus once, or not at all (it moved behind the cursor). OFFSET pagination gives none of this: a move shifts every later row.
 */
class MovingScoresWalkTest {

    private static final long STORE = 103;

    @Test
    void unchangedCustomersAppearExactlyOnceInOrderWhileOthersMove() {
        QueryFixture fixture = QueryFixture.get();
        CustomerOracle before = CustomerOracle.load(fixture.database.jdbi(), STORE);
        Map<String, Long> idOf = new HashMap<>();
        before.rows().forEach(r -> idOf.put(r.externalId(), r.id()));
        List<Long> ids =
                before.rows().stream().map(CustomerOracle.Row::id).sorted().toList();
        Random random = new Random(42);
        Map<Long, Integer> moved = new HashMap<>();

        List<JsonNode> walked = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, List<String>> query = q("limit", "100");
            if (cursor != null) {
                query.put("cursor", List.of(cursor));
            }
            QueryFixture.Response page = fixture.customers(ACME_KEY, STORE, query);
            assertEquals(200, page.status(), page.body().toString());
            page.body().get("items").forEach(walked::add);
            cursor = page.body().path("nextCursor").asText(null);
            // Between pages: rescore 25 random customers, up or down, seen or not yet seen.
            List<Long> batch = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                batch.add(ids.get(random.nextInt(ids.size())));
            }
            batch.forEach(id -> moved.merge(id, 1, Integer::sum));
            fixture.database
                    .jdbi()
                    .useHandle(h -> h.createUpdate("""
                            UPDATE customer_score SET predicted_ltv = ((customer_id * :salt) % 2000) / 4.0
                            WHERE customer_id = ANY(:ids)""")
                            .bind("salt", 1 + random.nextInt(10_000))
                            .bind("ids", batch.toArray(Long[]::new))
                            .execute());
        } while (cursor != null);

        // A picked customer may keep its value by chance; it then only gets the looser "moved" check.
        Map<Long, Integer> seen = new HashMap<>();
        walked.forEach(item -> seen.merge(idOf.get(item.get("customerId").asText()), 1, Integer::sum));

        int unchanged = 0;
        for (CustomerOracle.Row row : before.rows()) {
            int moves = moved.getOrDefault(row.id(), 0);
            if (moves == 0) {
                unchanged++;
                assertEquals(1, seen.getOrDefault(row.id(), 0), "unchanged customer " + row.externalId());
            } else {
                // each move can put it ahead of the cursor once more
                assertTrue(
                        seen.getOrDefault(row.id(), 0) <= moves + 1,
                        "moved customer seen too often: " + row.externalId());
            }
        }
        assertTrue(unchanged > 5_000 && moved.size() > 1_000, "the walk saw real movement: moved " + moved.size());
        for (int i = 1; i < walked.size(); i++) {
            BigDecimal previous = walked.get(i - 1).get("predictedLtv").decimalValue();
            BigDecimal current = walked.get(i).get("predictedLtv").decimalValue();
            long previousId = idOf.get(walked.get(i - 1).get("customerId").asText());
            long currentId = idOf.get(walked.get(i).get("customerId").asText());
            int cmp = current.compareTo(previous);
            assertTrue(cmp < 0 || (cmp == 0 && currentId < previousId), "out of order at " + i);
        }
    }
}
