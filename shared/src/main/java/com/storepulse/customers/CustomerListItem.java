package com.storepulse.customers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One customer in a list page: identity and the scores people filter and sort by. */
public record CustomerListItem(
        String customerId,
        String name,
        String email,
        BigDecimal predictedLtv,
        double churnRisk,
        double pAlive,
        String archetype,
        List<String> segments,
        Instant lastOrderAt,
        int orderCount,
        BigDecimal totalSpend,
        Instant scoredAt) {}
