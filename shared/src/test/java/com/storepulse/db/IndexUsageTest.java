package com.storepulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the customer_score indexes of V1 serve the queries they were made for, by reading the
 * planner's own choice (EXPLAIN, FORMAT JSON) over 3 stores x 20,000 scored customers.
 *
 * <p>A database of its own: the synthetic rows must not leak into other tests. The queries sit
 * beside this class in {@code IndexUsageTest/*.sql}, in the shape the customer repository uses.
 * Each test prints the text plan (EXPLAIN ANALYZE) for docs/schema.md.
 *
 * <p>customer_score is partitioned by store (V6): a plan scans the store partition's own copy of
 * an index, which is named after the partition; {@link #partitionedIndexOf} maps it to the
 * customer_score index it is a partition of, and the assertions name those.
 */
class IndexUsageTest {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static Database database;

    @BeforeAll
    static void loadSyntheticScores() {
        database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_index"), 2);
        Migrations.migrate(database.dataSource());
        database.jdbi().useHandle(h -> h.createScript(sql("synthetic_scores")).execute());
        long scored = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score")
                        .mapTo(Long.class)
                        .one());
        assertEquals(60_000, scored);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void ltvKeysetPageWalksTheLtvIndexWithoutSorting() {
        Plan plan =
                explain("ltv_page", Map.of("store", 2L, "afterValue", new BigDecimal("2500.00"), "afterId", 30_000L));

        assertTrue(plan.usesIndex("customer_score_store_ltv_idx"), plan.text());
        assertFalse(plan.sorts(), plan.text());
        // The cursor is part of the index condition, so a deep page costs what page one costs.
        assertTrue(plan.indexCondition("customer_score_store_ltv_idx").contains("predicted_ltv"), plan.text());
    }

    @Test
    void churnKeysetPageWalksTheChurnIndexWithoutSorting() {
        Plan plan = explain("churn_page", Map.of("store", 2L, "afterValue", 0.5, "afterId", 30_000L));

        assertTrue(plan.usesIndex("customer_score_store_churn_idx"), plan.text());
        assertFalse(plan.sorts(), plan.text());
        assertTrue(plan.indexCondition("customer_score_store_churn_idx").contains("churn_risk"), plan.text());
    }

    @Test
    void archetypePageWalksTheArchetypeIndexWithoutSorting() {
        Plan plan = explain(
                "archetype_page",
                Map.of("store", 2L, "archetype", 3, "afterValue", new BigDecimal("2500.00"), "afterId", 30_000L));

        assertTrue(plan.usesIndex("customer_score_store_archetype_idx"), plan.text());
        assertFalse(plan.sorts(), plan.text());
    }

    @Test
    void aSelectiveSegmentTagIsFoundThroughTheGinIndex() {
        // 'vip' is on 1 customer in 250 (80 per store). No planner settings are changed: the
        // planner picks the GIN index itself because walking the LTV index would read about
        // 12,500 rows to find 50 vips, while the GIN bitmap reads ~240 and sorts 80.
        Plan plan = explain("segment_page", Map.of("store", 2L, "segments", "[\"vip\"]"));

        assertTrue(plan.usesIndex("customer_score_segments_gin_idx"), plan.text());
    }

    @Test
    void aCommonSegmentTagFiltersTheLtvIndexInstead() {
        // 'repeat_buyer' is on 2 customers in 3: the first 50 by LTV are found after ~75 rows of
        // the LTV index, far cheaper than a bitmap of 13,000 rows plus a sort. The GIN index
        // is not needed for common tags; this documents that the planner knows it.
        Plan plan = explain("segment_page", Map.of("store", 2L, "segments", "[\"repeat_buyer\"]"));

        assertTrue(plan.usesIndex("customer_score_store_ltv_idx"), plan.text());
        assertFalse(plan.usesIndex("customer_score_segments_gin_idx"), plan.text());
        assertFalse(plan.sorts(), plan.text());
    }

    private static Plan explain(String query, Map<String, Object> params) {
        String sql = sql(query);
        String json = database.jdbi()
                .withHandle(h -> h.createQuery("EXPLAIN (FORMAT JSON) " + sql)
                        .bindMap(params)
                        .mapTo(String.class)
                        .one());
        String text = database.jdbi()
                .withHandle(h -> String.join(
                        "\n",
                        h.createQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)
                                .bindMap(params)
                                .mapTo(String.class)
                                .list()));
        System.out.println("-- " + query + " " + params + "\n" + text + "\n");
        try {
            return new Plan(Json.mapper().readTree(json).get(0).get("Plan"), text, partitionedIndexOf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sql(String name) {
        return SQL.locate(IndexUsageTest.class, name);
    }

    /** Each partition's index, mapped to the partitioned index of customer_score it belongs to. */
    private static Map<String, String> partitionedIndexOf() {
        return TestDatabase.partitionIndexParents(database);
    }

    /** The planner's tree, flattened, with the text plan kept for failure messages. */
    private record Plan(JsonNode root, String text, Map<String, String> partitionedIndexOf) {

        List<JsonNode> nodes() {
            List<JsonNode> all = new ArrayList<>();
            collect(root, all);
            return all;
        }

        private static void collect(JsonNode node, List<JsonNode> into) {
            into.add(node);
            JsonNode children = node.get("Plans");
            if (children != null) {
                children.forEach(child -> collect(child, into));
            }
        }

        /** The index a node scans, by the customer_score index name when it scans a partition's copy. */
        String indexOf(JsonNode node) {
            String name = node.path("Index Name").asText();
            return partitionedIndexOf.getOrDefault(name, name);
        }

        boolean usesIndex(String index) {
            return nodes().stream().anyMatch(n -> index.equals(indexOf(n)));
        }

        boolean sorts() {
            return nodes().stream().anyMatch(n -> n.path("Node Type").asText().endsWith("Sort"));
        }

        String indexCondition(String index) {
            return nodes().stream()
                    .filter(n -> index.equals(indexOf(n)))
                    .map(n -> n.path("Index Cond").asText())
                    .findFirst()
                    .orElse("");
        }
    }
}
