package com.storepulse.customers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One customer as GET /v1/stores/{storeId}/customers/{customerId} returns it (and as it is cached).
 *
 * @param customerId  the retailer's own id (dim_customer.external_id)
 * @param scores      null for a customer the scorer has not scored yet (written as {@code null})
 * @param lastOrders  the most recent orders and returns, newest first
 */
public record CustomerDetail(
        String customerId,
        Profile profile,
        @JsonInclude(JsonInclude.Include.ALWAYS) Scores scores,
        List<Order> lastOrders) {

    public record Profile(
            String name,
            String firstName,
            String lastName,
            String email,
            String country,
            Instant signedUpAt,
            Instant firstOrderAt,
            Instant lastOrderAt,
            int orderCount,
            BigDecimal totalSpend,
            Instant createdAt,
            Instant updatedAt) {}

    /**
     * @param predictedLtv        expected value of the next {@code ltvHorizonMonths} months, store currency
     * @param expectedPurchases   expected purchases in the next {@code purchasesHorizonDays} days
     */
    public record Scores(
            BigDecimal predictedLtv,
            int ltvHorizonMonths,
            double churnRisk,
            double pAlive,
            double expectedPurchases,
            int purchasesHorizonDays,
            Archetype archetype,
            Rfm rfm,
            List<String> segments,
            Instant scoredAt) {}

    /** RFM quintile scores (1..5) and the inputs they were computed from. */
    public record Rfm(int r, int f, int m, int frequency, double recencyDays, BigDecimal monetaryValue) {}

    public record Order(
            String orderId,
            Instant orderedAt,
            String kind,
            BigDecimal amount,
            String currency,
            BigDecimal amountInStoreCurrency,
            int itemCount,
            String channel) {}
}
