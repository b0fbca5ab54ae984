package com.storepulse.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order or return as the retailer's system holds it at {@code updatedAt}. Fields are as
 * received; {@link ChangeValidation} decides whether they are acceptable.
 *
 * @param externalId the retailer's order (or refund) id, unique per store across orders and returns
 * @param customerExternalId the retailer's id of the customer who placed it; a customer not seen yet
 *     is created as a placeholder that a later customer change fills in
 * @param orderedAt when it was placed (for a return: when it was refunded)
 * @param amount the amount as a non-negative decimal in {@code currency}; a return is stored negated
 * @param currency ISO 4217 code; must be the store's currency (StorePulse keeps no exchange rates)
 * @param kind order or return; null is invalid
 * @param updatedAt the version of this change
 */
public record OrderChange(
        String externalId,
        String customerExternalId,
        Instant orderedAt,
        BigDecimal amount,
        String currency,
        OrderKind kind,
        Instant updatedAt) {

    /** The amount as stored: negated for a return. */
    public BigDecimal signedAmount() {
        return kind == OrderKind.RETURN ? amount.abs().negate() : amount;
    }
}
