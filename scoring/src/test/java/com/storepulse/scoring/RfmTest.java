package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RfmTest {

    @Test
    void quintilesSplitDistinctValuesIntoFifths() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        RfmBreakpoints b = RfmBreakpoints.of(values, values, values, values);
        assertEquals(1, b.monetaryScore(1));
        assertEquals(1, b.monetaryScore(20));
        assertEquals(2, b.monetaryScore(21));
        assertEquals(5, b.monetaryScore(100));
        // recency: fewer days since the last purchase is better
        assertEquals(5, b.recencyScore(1));
        assertEquals(5, b.recencyScore(20));
        assertEquals(4, b.recencyScore(21));
        assertEquals(1, b.recencyScore(100));
        assertEquals(50.5, b.medianPurchaseValue());
    }

    @Test
    void tiesScoreAlikeAndTheWorstValueScoresOne() {
        double[] purchaseDays = {1, 1, 1, 1, 1, 1, 2, 2, 3, 9};
        RfmBreakpoints b = RfmBreakpoints.of(purchaseDays, purchaseDays, purchaseDays, purchaseDays);
        assertEquals(1, b.frequencyScore(1), "60% one-time buyers all score 1");
        assertEquals(4, b.frequencyScore(2));
        assertEquals(5, b.frequencyScore(9));
    }

    @Test
    void anEmptyStoreScoresEveryoneOne() {
        assertEquals(1, RfmBreakpoints.NONE.recencyScore(5));
        assertEquals(1, RfmBreakpoints.NONE.frequencyScore(5));
    }

    @Test
    void theSegmentMapCoversEveryScoreAndEveryArchetype() {
        Set<Archetype> seen = EnumSet.noneOf(Archetype.class);
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    seen.add(Archetype.of(r, f, m));
                }
            }
        }
        assertEquals(EnumSet.allOf(Archetype.class), seen);
        assertEquals(Archetype.CHAMPIONS, Archetype.of(5, 5, 5));
        assertEquals(Archetype.NEW, Archetype.of(5, 1, 1));
        assertEquals(Archetype.LOST, Archetype.of(1, 1, 1));
        assertEquals(Archetype.HIBERNATING, Archetype.of(1, 1, 5));
        assertEquals(Archetype.CANT_LOSE_THEM, Archetype.of(1, 4, 5));
        assertEquals(Archetype.AT_RISK, Archetype.of(2, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> Archetype.of(0, 1, 1));
    }

    @Test
    void archetypeIdsMatchTheDimensionSeed() {
        assertEquals(1, Archetype.CHAMPIONS.id());
        assertEquals(9, Archetype.CANT_LOSE_THEM.id());
        assertEquals("cant_lose_them", Archetype.CANT_LOSE_THEM.code());
        assertEquals(11, Archetype.LOST.id());
    }

    @Test
    void segmentTagsFollowTheirRules() {
        assertEquals(List.of(SegmentTag.VIP), SegmentTag.of(12, 3, 2_000, 0, 0.1, 5, 5, 50));
        assertEquals(
                List.of(SegmentTag.VIP, SegmentTag.AT_RISK_HIGH_VALUE, SegmentTag.LAPSED_90D),
                SegmentTag.of(12, 120, 2_000, 0, 0.7, 4, 5, 50));
        assertEquals(
                List.of(SegmentTag.ONE_TIME_BUYER, SegmentTag.LAPSED_90D), SegmentTag.of(1, 400, 30, 0, 0.6, 1, 2, 50));
        assertEquals(List.of(SegmentTag.DISCOUNT_SEEKER), SegmentTag.of(3, 10, 300, 80, 0.2, 3, 3, 50), "returns 27%");
        assertEquals(
                List.of(SegmentTag.DISCOUNT_SEEKER),
                SegmentTag.of(4, 10, 80, 0, 0.2, 3, 2, 50),
                "20 a purchase vs median 50");
        assertTrue(
                SegmentTag.of(1, 10, 10, 0, 0.2, 1, 1, 50).equals(List.of(SegmentTag.ONE_TIME_BUYER)),
                "one cheap purchase is not yet a pattern");
    }
}
