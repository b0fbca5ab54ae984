package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET;
import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.QueryFixture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursors are opaque (sealed: encrypted and authenticated) and bound to the query that issued them. */
class CursorTest {

    private static QueryFixture fixture;
    private static final Map<String, List<String>> QUERY =
            q("segment", "repeat_buyer", "minChurnRisk", "0.3", "sort", "-churnRisk");
    private static String cursor;

    @BeforeAll
    static void firstPage() {
        fixture = QueryFixture.get();
        cursor = fixture.customers(ACME_KEY, ACME_MAIN, QUERY)
                .body()
                .get("nextCursor")
                .asText();
    }

    private static Map<String, List<String>> with(Map<String, List<String>> query, String... extra) {
        Map<String, List<String>> out = new LinkedHashMap<>(query);
        out.putAll(q(extra));
        return out;
    }

    private static void assertCursorRejected(QueryFixture.Response response) {
        assertEquals(400, response.status(), response.body().toString());
        assertEquals("VALIDATION_FAILED", response.body().get("code").asText());
        assertEquals("cursor", response.errorField());
    }

    @Test
    void theCursorContinuesTheSameQueryAndAnEquivalentSpellingOfIt() {
        QueryFixture.Response second = fixture.customers(ACME_KEY, ACME_MAIN, with(QUERY, "cursor", cursor));
        // Same filters in another spelling: order of parameters, trailing zeros, a different page size.
        QueryFixture.Response respelled = fixture.customers(
                ACME_KEY,
                ACME_MAIN,
                q(
                        "sort",
                        "-churnRisk",
                        "minChurnRisk",
                        "0.30",
                        "segment",
                        "repeat_buyer",
                        "limit",
                        "50",
                        "cursor",
                        cursor));

        assertEquals(200, second.status(), second.body().toString());
        assertEquals(200, respelled.status(), respelled.body().toString());
        assertEquals(second.body().get("items"), respelled.body().get("items"));
    }

    @Test
    void aCursorUsedWithOtherFiltersAnotherSortOrAnotherStoreIsRejected() {
        assertCursorRejected(fixture.customers(
                ACME_KEY,
                ACME_MAIN,
                q("segment", "repeat_buyer", "minChurnRisk", "0.4", "sort", "-churnRisk", "cursor", cursor)));
        assertCursorRejected(fixture.customers(
                ACME_KEY,
                ACME_MAIN,
                q("segment", "repeat_buyer", "minChurnRisk", "0.3", "sort", "churnRisk", "cursor", cursor)));
        assertCursorRejected(fixture.customers(
                ACME_KEY, ACME_MAIN, q("segment", "repeat_buyer", "minChurnRisk", "0.3", "cursor", cursor)));
        assertCursorRejected(fixture.customers(ACME_KEY, ACME_MAIN, q("cursor", cursor)));
        assertCursorRejected(fixture.customers(ACME_KEY, ACME_OUTLET, with(QUERY, "cursor", cursor)));
    }

    @Test
    void everySingleCharacterEditIsDetected() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length(); i += 3) {
            char original = cursor.charAt(i);
            if (original == '.') {
                continue;
            }
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length());
            String edited = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
            assertCursorRejected(fixture.customers(ACME_KEY, ACME_MAIN, with(QUERY, "cursor", edited)));
        }
    }

    /**
     * docs/api.md: StorePulse's internal ids never appear. A v1 cursor was base64 of readable JSON
     * holding the last row's internal customer id ({@code "i":567}); the cursor is sealed now.
     */
    @Test
    void theCursorShowsNothingOfWhatItHolds() {
        QueryFixture.Response page = fixture.customers(ACME_KEY, ACME_MAIN, QUERY);
        JsonNode items = page.body().get("items");
        String lastCustomer = items.get(items.size() - 1).get("customerId").asText();
        long internalId = fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT customer_id FROM dim_customer WHERE store_id = :store AND external_id = :id")
                        .bind("store", ACME_MAIN)
                        .bind("id", lastCustomer)
                        .mapTo(Long.class)
                        .one());

        for (String part : cursor.split("\\.")) {
            byte[] decoded;
            try {
                decoded = Base64.getUrlDecoder().decode(part);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            String text = new String(decoded, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("\"i\""), "a field of the payload shows: " + text);
            assertFalse(text.contains(Long.toString(internalId)), "the internal customer id shows: " + text);
            assertFalse(text.contains(lastCustomer), "the customer id shows: " + text);
        }
        assertFalse(cursor.contains(Long.toString(internalId)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "v1..",
                "v1.e30.AAAA",
                "v2.eyJxIjoiIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v2.AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1.eyJxIjoiIiwiayI6IjEuMCIsImkiOjF9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1.%%%.abc",
                "'; DROP TABLE customer_score; --"
            })
    void aCursorThatIsNotOneIsA400(String garbage) {
        assertCursorRejected(fixture.customers(ACME_KEY, ACME_MAIN, with(QUERY, "cursor", garbage)));
    }

    @Test
    void aCursorFromAProcessWithAnotherSigningKeyIsRejected() {
        var otherKey = new com.storepulse.customerapi.paging.CursorCodec(() -> new byte[32]);
        String foreign = otherKey.encode("anything", new com.storepulse.customers.KeysetPosition("1.0", 5));

        assertCursorRejected(fixture.customers(ACME_KEY, ACME_MAIN, with(QUERY, "cursor", foreign)));
        assertTrue(foreign.startsWith("v2."));
    }
}
