package com.storepulse.scoring;

import java.time.Instant;
import java.util.List;

/** One row of customer_score. Days are whole days; money is in the store's currency. */
public record CustomerScore(
        long customerId,
        int frequency,
        double recencyDays,
        double tenureDays,
        double monetaryValue,
        double totalSpend,
        Instant lastOrderAt,
        double probabilityAlive,
        double churnRisk,
        double expectedPurchases,
        int purchasesHorizonDays,
        double predictedLtv,
        int ltvHorizonMonths,
        Archetype archetype,
        int recencyScore,
        int frequencyScore,
        int monetaryScore,
        List<SegmentTag> segments) {}
