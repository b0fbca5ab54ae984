package com.storepulse.auth;

import java.util.Set;

/** The scopes an API key can carry. Route handlers name the one they need. */
public final class Scopes {
    public static final String STORES_READ = "stores:read";
    public static final String CUSTOMERS_READ = "customers:read";
    public static final String USAGE_READ = "usage:read";
    /** Erase a customer and read the erasure requests (docs/privacy.md). */
    public static final String CUSTOMERS_ERASE = "customers:erase";
    /** Export everything held about a customer (docs/privacy.md). */
    public static final String CUSTOMERS_EXPORT = "customers:export";

    public static final Set<String> ALL =
            Set.of(STORES_READ, CUSTOMERS_READ, USAGE_READ, CUSTOMERS_ERASE, CUSTOMERS_EXPORT);

    private Scopes() {}
}
