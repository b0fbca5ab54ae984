package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
