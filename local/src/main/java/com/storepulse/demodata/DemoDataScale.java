package com.storepulse.demodata;

import java.util.Locale;

/**
 * How much demo data to make. Order counts are exact ({@code round(customers * ordersPerCustomer)}
 * rows of kind 'order'), so benchmarks and tests know what they load; returns come on top.
 */
public record DemoDataScale(String name, int tenants, int stores, int customers, double ordersPerCustomer) {

    public DemoDataScale {
        if (tenants < 1 || stores < tenants) {
            throw new IllegalArgumentException("need at least one tenant and at least as many stores as tenants"
                    + " (tenants=" + tenants + ", stores=" + stores + ")");
        }
        if (customers < stores) {
            throw new IllegalArgumentException(
                    "need at least one customer per store (customers=" + customers + ", stores=" + stores + ")");
        }
        if (!(ordersPerCustomer >= 1.0) || ordersPerCustomer > 1000) {
            throw new IllegalArgumentException("orders per customer must be between 1 and 1000 (every customer"
                    + " has bought at least once), was " + ordersPerCustomer);
        }
        if ((long) Math.round(customers * ordersPerCustomer) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " orders");
        }
    }

    /** 2 tenants, 4 stores, 4,000 customers, 20,000 orders: loads in about a second. */
    public static DemoDataScale small() {
        return new DemoDataScale("small", 2, 4, 4_000, 5.0);
    }

    /** 10 tenants, 100 stores, 1,000,000 customers, 10,000,000 orders: the benchmark data set. */
    public static DemoDataScale large() {
        return new DemoDataScale("large", 10, 100, 1_000_000, 10.0);
    }

    /** Any size; one tenant per ten stores. */
    public static DemoDataScale custom(int stores, int customers, double ordersPerCustomer) {
        int tenants = Math.max(1, (stores + 9) / 10);
        return new DemoDataScale("custom", tenants, stores, customers, ordersPerCustomer);
    }

    public static DemoDataScale named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "small" -> small();
            case "large" -> large();
            default ->
                throw new IllegalArgumentException("unknown scale '" + name + "' (small, large, or give"
                        + " --stores, --customers and --orders-per-customer)");
        };
    }

    public int orders() {
        return (int) Math.round(customers * ordersPerCustomer);
    }
}
