package com.storepulse.customerapi.customers;

import static com.storepulse.customerapi.QueryFixture.ACME_KEY;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET;
import static com.storepulse.customerapi.QueryFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Cursors are opaque, signed and bound to the query that issued them. */
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

    @Test
    void aHandMadePayloadWithTheOriginalSignatureIsRejected() {
        String[] parts = cursor.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"i\":[0-9]+", "\"i\":1");
        assertNotEquals(payload, forged);
        String token = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        assertCursorRejected(fixture.customers(ACME_KEY, ACME_MAIN, with(QUERY, "cursor", token)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "v1..",
                "v1.e30.AAAA",
                "v2.eyJxIjoiIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
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
        assertTrue(foreign.startsWith("v1."));
    }
}
