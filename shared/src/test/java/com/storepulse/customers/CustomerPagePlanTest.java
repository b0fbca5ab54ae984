package com.storepulse.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.db.Database;
import com.storepulse.json.Json;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The page statement CustomerRepository really runs (not a copy of it) walks the index of its
 * sort in either direction, with the keyset position in the index condition and no sort step,
 * on IndexUsageTest's 3 stores x 20,000 synthetic scores. Covers the V4 indexes: recency (its
 * COALESCE expression must match the index's exactly) and total spend. customer_score is
 * partitioned by store (V6): the scan is of the store partition's copy of the named index.
 */
class CustomerPagePlanTest {

    private static Database database;
    private static CustomerRepository customers;

    @BeforeAll
    static void load() {
        database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_pageplan"), 2);
        Migrations.migrate(database.dataSource());
        database.jdbi()
                .useHandle(h -> h.createScript(ClasspathSqlLocator.removingComments()
                                .getResource("com/storepulse/db/IndexUsageTest/synthetic_scores.sql"))
                        .execute());
        customers = new CustomerRepository(database.jdbi());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @ParameterizedTest
    @CsvSource({
        "LTV, true, 2500.00, customer_score_store_ltv_idx",
        "LTV, false, 2500.00, customer_score_store_ltv_idx",
        "CHURN_RISK, true, 0.5, customer_score_store_churn_idx",
        "CHURN_RISK, false, 0.5, customer_score_store_churn_idx",
        "RECENCY, true, 2024-06-01T00:00:00Z, customer_score_store_recency_idx",
        "RECENCY, false, 2024-06-01T00:00:00Z, customer_score_store_recency_idx",
        "RECENCY, false, -infinity, customer_score_store_recency_idx",
        "TOTAL_SPEND, true, 2500.50, customer_score_store_spend_idx",
        "TOTAL_SPEND, false, 2500.50, customer_score_store_spend_idx"
    })
    void aKeysetPageIsARangeOfItsSortIndexWithoutASort(
            CustomerSort sort, boolean descending, String afterKey, String index) {
        CustomerListQuery query = new CustomerListQuery(
                2,
                List.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                sort,
                descending,
                50,
                new KeysetPosition(afterKey, 30_000));

        List<JsonNode> nodes = plan(query);
        Map<String, String> partitionedIndexOf = partitionedIndexOf();
        JsonNode scan = nodes.stream()
                .filter(n -> index.equals(partitionedIndexOf.getOrDefault(
                        n.path("Index Name").asText(), n.path("Index Name").asText())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(index + " not used: " + nodes.get(0)));
        assertTrue(scan.path("Index Cond").asText().contains("customer_id"), "keyset in the index condition: " + scan);
        assertEquals(
                descending ? "Forward" : "Backward", scan.path("Scan Direction").asText());
        assertFalse(
                nodes.stream().anyMatch(n -> n.path("Node Type").asText().endsWith("Sort")),
                nodes.get(0).toString());
    }

    /**
     * A page pinned at an earlier score version (pinnedPage.sql) walks the same index of the
     * partition it reads, keyset in the index condition; only the merge of its two branches (at
     * most twice the page) is sorted.
     */
    @ParameterizedTest
    @CsvSource({
        "LTV, true, 2500.00, customer_score_store_ltv_idx",
        "CHURN_RISK, false, 0.5, customer_score_store_churn_idx",
        "RECENCY, true, 2024-06-01T00:00:00Z, customer_score_store_recency_idx",
        "TOTAL_SPEND, false, 2500.50, customer_score_store_spend_idx"
    })
    void aPinnedPageWalksTheSameIndexOfItsPartition(
            CustomerSort sort, boolean descending, String afterKey, String index) {
        CustomerListQuery query = new CustomerListQuery(
                2,
                List.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                sort,
                descending,
                50,
                new KeysetPosition(afterKey, 30_000));

        List<JsonNode> nodes =
                plan(h -> customers.pinnedQuery(h, query, 0, "customer_score", "EXPLAIN (FORMAT JSON) "));
        Map<String, String> partitionedIndexOf = partitionedIndexOf();
        JsonNode scan = nodes.stream()
                .filter(n ->
                        index.equals(partitionedIndexOf.get(n.path("Index Name").asText())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(index + " not used: " + nodes.get(0)));
        assertTrue(scan.path("Index Cond").asText().contains("customer_id"), "keyset in the index condition: " + scan);
        assertEquals(
                descending ? "Forward" : "Backward", scan.path("Scan Direction").asText());
    }

    /** After a swap with nothing kept for the version, the pinned page reads no customer_score partition at all. */
    @org.junit.jupiter.api.Test
    void aPinnedPageWithoutAPartitionReadsNone() {
        CustomerListQuery query = CustomerListQuery.firstPage(2, 50).withAfter(new KeysetPosition("2500.00", 30_000));

        List<JsonNode> nodes = plan(h -> customers.pinnedQuery(h, query, 0, null, "EXPLAIN (FORMAT JSON) "));

        assertFalse(
                nodes.stream().anyMatch(n -> n.path("Relation Name").asText().startsWith("customer_score_p")),
                nodes.get(0).toString());
    }

    /** Each partition's index, mapped to the partitioned index of customer_score it belongs to. */
    private static Map<String, String> partitionedIndexOf() {
        return TestDatabase.partitionIndexParents(database);
    }

    private static List<JsonNode> plan(CustomerListQuery query) {
        return plan(h -> customers.pageQuery(h, query, "EXPLAIN (FORMAT JSON) "));
    }

    private static List<JsonNode> plan(
            java.util.function.Function<org.jdbi.v3.core.Handle, org.jdbi.v3.core.statement.Query> explain) {
        String json = database.jdbi()
                .withHandle(h -> explain.apply(h).mapTo(String.class).one());
        try {
            List<JsonNode> all = new ArrayList<>();
            collect(Json.mapper().readTree(json).get(0).get("Plan"), all);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }
}
