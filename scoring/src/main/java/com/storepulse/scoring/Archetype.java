package com.storepulse.scoring;

/**
 * The named RFM segments, as in dim_archetype (ids and codes are stable API values; the names and
 * descriptions people read live in the table, seeded by V1).
 */
public enum Archetype {
    CHAMPIONS(1, "champions"),
    LOYAL(2, "loyal"),
    POTENTIAL_LOYALIST(3, "potential_loyalist"),
    NEW(4, "new"),
    PROMISING(5, "promising"),
    NEED_ATTENTION(6, "need_attention"),
    ABOUT_TO_SLEEP(7, "about_to_sleep"),
    AT_RISK(8, "at_risk"),
    CANT_LOSE_THEM(9, "cant_lose_them"),
    HIBERNATING(10, "hibernating"),
    LOST(11, "lost");

    private final int id;
    private final String code;

    Archetype(int id, String code) {
        this.id = id;
        this.code = code;
    }

    public int id() {
        return id;
    }

    public String code() {
        return code;
    }

    /**
     * The segment map on the R and F quintile scores (5 = best), with M breaking two ties.
     * <pre>
     *  R \ F   1               2-3                  4-5
     *  5       New             Potential Loyalist   Champions
     *  4       Promising       Potential Loyalist   Loyal
     *  3       About to Sleep  (F2) About to Sleep,  Loyal
     *                          (F3) Need Attention
     *  1-2     Hibernating     (F2) Hibernating,     At Risk; Can't Lose Them when F = 5,
     *          Lost if R1+M<=2 (F3) At Risk          or F = 4 and M = 5
     * </pre>
     */
    public static Archetype of(int r, int f, int m) {
        checkScore(r);
        checkScore(f);
        checkScore(m);
        if (r >= 4) {
            if (f == 1) {
                return r == 5 ? NEW : PROMISING;
            }
            if (f <= 3) {
                return POTENTIAL_LOYALIST;
            }
            return r == 5 ? CHAMPIONS : LOYAL;
        }
        if (r == 3) {
            if (f >= 4) {
                return LOYAL;
            }
            return f == 3 ? NEED_ATTENTION : ABOUT_TO_SLEEP;
        }
        if (f >= 3) {
            return f == 5 || (f == 4 && m == 5) ? CANT_LOSE_THEM : AT_RISK;
        }
        return r == 1 && f == 1 && m <= 2 ? LOST : HIBERNATING;
    }

    private static void checkScore(int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("RFM scores are 1..5, got " + score);
        }
    }
}
