package com.storepulse.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Segment tags: the one place they are defined. A customer carries any number of them; they are
 * stored as a JSONB array of codes in customer_score.segments.
 */
public enum SegmentTag {
    VIP("vip", "Top spenders who also buy often: M score 5 and F score 4 or 5."),
    AT_RISK_HIGH_VALUE("at_risk_high_value", "Spend in the top two fifths (M >= 4) but churn risk of 50% or more."),
    ONE_TIME_BUYER("one_time_buyer", "Exactly one purchase day so far."),
    LAPSED_90D("lapsed_90d", "No purchase in the last 90 days."),
    DISCOUNT_SEEKER(
            "discount_seeker",
            "Returned 25% or more of what they bought, or (with two or more purchases) spend under half the store's median purchase value.");

    public static final double HIGH_CHURN_RISK = 0.5;
    public static final int LAPSED_DAYS = 90;
    public static final double RETURN_SHARE = 0.25;
    public static final double LOW_SPEND_SHARE = 0.5;

    private final String code;
    private final String description;

    SegmentTag(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /**
     * The tags of one customer.
     *
     * @param purchaseDays         days with a purchase
     * @param daysSinceLastPurchase at the scoring date
     * @param totalSpend           purchases, store currency
     * @param returnedAmount       returns, as a positive amount
     */
    public static List<SegmentTag> of(
            int purchaseDays,
            double daysSinceLastPurchase,
            double totalSpend,
            double returnedAmount,
            double churnRisk,
            int fScore,
            int mScore,
            double storeMedianPurchaseValue) {
        List<SegmentTag> tags = new ArrayList<>(3);
        if (mScore == 5 && fScore >= 4) {
            tags.add(VIP);
        }
        if (mScore >= 4 && churnRisk >= HIGH_CHURN_RISK) {
            tags.add(AT_RISK_HIGH_VALUE);
        }
        if (purchaseDays == 1) {
            tags.add(ONE_TIME_BUYER);
        }
        if (daysSinceLastPurchase >= LAPSED_DAYS) {
            tags.add(LAPSED_90D);
        }
        boolean returnsMuch = totalSpend > 0 && returnedAmount >= RETURN_SHARE * totalSpend;
        boolean spendsLittle = purchaseDays >= 2
                && storeMedianPurchaseValue > 0
                && totalSpend / purchaseDays < LOW_SPEND_SHARE * storeMedianPurchaseValue;
        if (returnsMuch || spendsLittle) {
            tags.add(DISCOUNT_SEEKER);
        }
        return tags;
    }
}
