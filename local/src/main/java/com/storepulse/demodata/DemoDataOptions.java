package com.storepulse.demodata;

import java.time.LocalDate;

/**
 * What to generate: the scale, the seed (same seed and scale give byte-identical rows) and the
 * "as of" date, the exclusive end of the order history, which covers {@code historyDays} before it.
 */
public record DemoDataOptions(DemoDataScale scale, long seed, LocalDate asOf, int historyDays) {

    public static final long DEFAULT_SEED = 20261101L;
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 11, 1);
    public static final int DEFAULT_HISTORY_DAYS = 3 * 365;

    public DemoDataOptions {
        if (historyDays < 30) {
            throw new IllegalArgumentException("history must cover at least 30 days");
        }
        if (asOf.minusDays(historyDays).getYear() < 2000 || asOf.getYear() > 2049) {
            throw new IllegalArgumentException("orders must fall in 2000-2049 (the dim_date range), as-of was " + asOf);
        }
    }

    public static DemoDataOptions of(DemoDataScale scale) {
        return new DemoDataOptions(scale, DEFAULT_SEED, DEFAULT_AS_OF, DEFAULT_HISTORY_DAYS);
    }

    public DemoDataOptions withSeed(long newSeed) {
        return new DemoDataOptions(scale, newSeed, asOf, historyDays);
    }

    public DemoDataOptions withAsOf(LocalDate newAsOf) {
        return new DemoDataOptions(scale, seed, newAsOf, historyDays);
    }
}
