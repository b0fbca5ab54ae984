package com.storepulse.scoring;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Purchases by customer and day, in memory: what the command-line fit and the CDNOW test read
 * from files. Purchases on the same day are one transaction (their amounts add up), as in the
 * papers. The database path computes the same summaries from order rows ({@link OrderHistoryReader}).
 */
public final class TransactionLog {

    private final Map<String, TreeMap<LocalDate, Double>> byCustomer = new LinkedHashMap<>();

    public void add(String customerId, LocalDate day, double amount) {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be a finite number >= 0, got " + amount);
        }
        byCustomer.computeIfAbsent(customerId, k -> new TreeMap<>()).merge(day, amount, Double::sum);
    }

    public int customerCount() {
        return byCustomer.size();
    }

    /**
     * One summary per customer whose first purchase is on or before {@code end}; purchases after
     * {@code end} are ignored. The customer id of each summary is its position in the input (0, 1, ...).
     */
    public List<PurchaseSummary> summarize(LocalDate end) {
        List<PurchaseSummary> out = new ArrayList<>();
        long position = 0;
        for (TreeMap<LocalDate, Double> days : byCustomer.values()) {
            long id = position++;
            Map<LocalDate, Double> calibration = days.headMap(end, true);
            if (calibration.isEmpty()) {
                continue;
            }
            LocalDate first = days.firstKey();
            LocalDate last = first;
            double repeatSpend = 0;
            for (Map.Entry<LocalDate, Double> e : calibration.entrySet()) {
                if (!e.getKey().equals(first)) {
                    repeatSpend += e.getValue();
                    last = e.getKey();
                }
            }
            int x = calibration.size() - 1;
            out.add(PurchaseSummary.ofDays(
                    id,
                    x,
                    ChronoUnit.DAYS.between(first, last),
                    ChronoUnit.DAYS.between(first, end),
                    x > 0 ? repeatSpend / x : 0.0));
        }
        return out;
    }
}
