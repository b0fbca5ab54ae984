package com.storepulse.demodata;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a load wrote and how long each phase took. {@code dataEnd} is the exclusive end of the
 * loaded order history: the data's own "now", at which its scores are computed, so the same input
 * gives the same scores whatever day it is loaded.
 */
public record LoadReport(
        List<Long> storeIds,
        long customers,
        long orders,
        long returns,
        Instant dataEnd,
        Map<String, Duration> phases,
        Duration total) {

    public LoadReport {
        storeIds = List.copyOf(storeIds);
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public long factRows() {
        return orders + returns;
    }

    /** Customer and order rows per second over the whole load, indexes and statistics included. */
    public long rowsPerSecond() {
        double seconds = Math.max(total.toNanos(), 1) / 1e9;
        return Math.round((customers + factRows()) / seconds);
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%d stores, %,d customers, %,d orders + %,d returns in %.1f s (%,d rows/s overall)",
                storeIds.size(), customers, orders, returns, seconds(total), rowsPerSecond()));
        phases.forEach((phase, took) -> out.append(String.format("%n  %-28s %7.2f s", phase, seconds(took))));
        return out.toString();
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
