package com.storepulse.customers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The orders a customer list can be walked in. Each key expression is exactly the second column of
 * a {@code (store_id, key DESC, customer_id DESC)} index (V1 and V4), so a keyset page is an index
 * range scan in either direction, with no sort.
 *
 * <p>A keyset position carries the last row's key as text, bound as a parameter and cast back to
 * the key's SQL type: BigDecimal and double text round-trip exactly, instants are ISO-8601 in UTC,
 * and a customer without orders sorts by recency as {@code -infinity} (last when descending).
 */
public enum CustomerSort {
    LTV("ltv", "s.predicted_ltv", "numeric"),
    CHURN_RISK("churnRisk", "s.churn_risk", "double precision"),
    RECENCY("recency", "COALESCE(s.last_order_at, '-infinity'::timestamptz)", "timestamptz"),
    TOTAL_SPEND("totalSpend", "s.total_spend", "numeric");

    /** The key of a customer without any order in the recency order. */
    public static final String NEVER_ORDERED = "-infinity";

    private final String apiName;
    private final String keyExpression;
    private final String keyType;

    CustomerSort(String apiName, String keyExpression, String keyType) {
        this.apiName = apiName;
        this.keyExpression = keyExpression;
        this.keyType = keyType;
    }

    /** The value of the {@code sort} query parameter (without the {@code -} for descending). */
    public String apiName() {
        return apiName;
    }

    /** SQL expression of the key; fixed text, never caller input. */
    String keyExpression() {
        return keyExpression;
    }

    String keyType() {
        return keyType;
    }

    public static Optional<CustomerSort> byApiName(String name) {
        for (CustomerSort sort : values()) {
            if (sort.apiName.equals(name)) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }

    /** The key of {@code item} in this order, as it goes into a keyset position. */
    public String keyOf(CustomerListItem item) {
        return switch (this) {
            case LTV -> item.predictedLtv().toPlainString();
            case CHURN_RISK -> Double.toString(item.churnRisk());
            case RECENCY ->
                item.lastOrderAt() == null ? NEVER_ORDERED : item.lastOrderAt().toString();
            case TOTAL_SPEND -> item.totalSpend().toPlainString();
        };
    }

    /** True if {@code key} is a value this order can compare with (a position read back from a client). */
    public boolean isValidKey(String key) {
        if (key == null || key.length() > 64) {
            return false;
        }
        try {
            switch (this) {
                case LTV, TOTAL_SPEND -> {
                    BigDecimal value = new BigDecimal(key);
                    return value.scale() <= 2 && value.precision() - value.scale() <= 12;
                }
                case CHURN_RISK -> {
                    double value = Double.parseDouble(key);
                    return value >= 0
                            && value <= 1
                            && key.toLowerCase(Locale.ROOT).matches("[0-9.e-]+");
                }
                case RECENCY -> {
                    return key.equals(NEVER_ORDERED)
                            || Instant.parse(key).getEpochSecond()
                                    > Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
                }
                default -> {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
    }
}
