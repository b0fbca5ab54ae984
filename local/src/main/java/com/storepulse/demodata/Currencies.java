package com.storepulse.demodata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A fixed exchange-rate table (US dollars per unit), so generated data never depends on the
 * day it was made. {@code fact_order.fx_rate_to_store} is the rate from the order's currency
 * to the store's, with the schema's 8 decimals.
 */
final class Currencies {

    static final List<String> CODES = List.of("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK");

    private static final Map<String, BigDecimal> USD_PER_UNIT = Map.of(
            "USD", new BigDecimal("1.00"),
            "EUR", new BigDecimal("1.08"),
            "GBP", new BigDecimal("1.27"),
            "CAD", new BigDecimal("0.73"),
            "AUD", new BigDecimal("0.66"),
            "CHF", new BigDecimal("1.13"),
            "SEK", new BigDecimal("0.095"));

    private Currencies() {}

    static BigDecimal rate(String from, String to) {
        return usdPerUnit(from).divide(usdPerUnit(to), 8, RoundingMode.HALF_EVEN);
    }

    /** How many units of this currency a typical one-dollar price becomes (SEK prices look ten times bigger). */
    static double priceLevel(String currency) {
        return 1.0 / usdPerUnit(currency).doubleValue();
    }

    private static BigDecimal usdPerUnit(String currency) {
        BigDecimal rate = USD_PER_UNIT.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("no fixed rate for currency " + currency);
        }
        return rate;
    }
}
