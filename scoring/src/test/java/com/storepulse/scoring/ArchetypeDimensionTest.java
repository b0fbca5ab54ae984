package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.stores.StoreSummary;
import com.storepulse.testing.TestDatabase;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer writes Archetype ids into customer_score and the API reads names from dim_archetype;
 * since V3 no foreign key ties them, so the enum and the seeded rows must agree exactly.
 */
class ArchetypeDimensionTest {

    @Test
    void theEnumAndTheDimensionRowsHaveTheSameIdsAndCodes() {
        List<String> inDatabase = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT archetype_id || ':' || code FROM dim_archetype ORDER BY archetype_id")
                        .mapTo(String.class)
                        .list());
        List<String> inCode = Arrays.stream(Archetype.values())
                .map(a -> a.id() + ":" + a.code())
                .toList();
        assertEquals(inCode, inDatabase);
    }

    /** The store rollups look the at-risk archetypes up by code: a code that names none would count nobody. */
    @Test
    void theAtRiskArchetypesAreArchetypes() {
        List<String> codes =
                Arrays.stream(Archetype.values()).map(Archetype::code).toList();
        assertTrue(codes.containsAll(StoreSummary.AT_RISK_ARCHETYPES), StoreSummary.AT_RISK_ARCHETYPES.toString());
    }
}
