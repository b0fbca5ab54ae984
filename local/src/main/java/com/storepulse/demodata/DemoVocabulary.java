package com.storepulse.demodata;

import java.util.List;

/** Small built-in word lists for demo tenants, stores and customers (ASCII, so COPY needs no escaping). */
final class DemoVocabulary {

    /** Where a store is and what it sells in: currency, time zone, home country of most customers. */
    record Region(String city, String currency, String timezone, String country) {}

    static final List<Region> REGIONS = List.of(
            new Region("New York", "USD", "America/New_York", "US"),
            new Region("Berlin", "EUR", "Europe/Berlin", "DE"),
            new Region("London", "GBP", "Europe/London", "GB"),
            new Region("Toronto", "CAD", "America/Toronto", "CA"),
            new Region("Sydney", "AUD", "Australia/Sydney", "AU"),
            new Region("Paris", "EUR", "Europe/Paris", "FR"),
            new Region("Los Angeles", "USD", "America/Los_Angeles", "US"),
            new Region("Stockholm", "SEK", "Europe/Stockholm", "SE"),
            new Region("Zurich", "CHF", "Europe/Zurich", "CH"),
            new Region("Amsterdam", "EUR", "Europe/Amsterdam", "NL"),
            new Region("Chicago", "USD", "America/Chicago", "US"),
            new Region("Manchester", "GBP", "Europe/London", "GB"));

    /** The first tenant is the demo tenant that gets the local API key. */
    static final String DEMO_TENANT_SLUG = "demo";

    static final List<String> TENANT_NAMES = List.of(
            "Demo Retail Group",
            "Northwind Traders",
            "Harbor Goods",
            "Alpine Outfitters",
            "Citrus Market",
            "Maple Home",
            "Sunset Books",
            "Urban Threads",
            "Blue Fjord Design",
            "Copper Kettle");

    static final List<String> COUNTRIES = List.of(
            "US", "DE", "GB", "CA", "AU", "FR", "SE", "CH", "NL", "ES", "IT", "IE", "DK", "NO", "PL", "JP", "BR", "MX");

    static final List<String> FIRST_NAMES = List.of(
            "Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "James", "Mia", "Lucas", "Amelia", "Mateo",
            "Harper", "Leon", "Ella", "Hugo", "Freya", "Oscar", "Ingrid", "Felix", "Chloe", "Arjun", "Priya", "Kenji",
            "Yuki", "Omar", "Fatima", "Diego", "Lucia", "Sven", "Astrid", "Marco", "Giulia", "Pierre", "Camille",
            "Jonas", "Hannah", "Ravi", "Aisha", "Tomas");

    static final List<String> LAST_NAMES = List.of(
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Miller",
            "Davis",
            "Garcia",
            "Martinez",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Martin",
            "Lee",
            "Clark",
            "Lewis",
            "Walker",
            "Young",
            "Mueller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Dubois",
            "Laurent",
            "Rossi",
            "Bianchi",
            "Johansson",
            "Lindqvist",
            "Nielsen",
            "Jensen",
            "Novak",
            "Kowalski",
            "Tanaka",
            "Sato",
            "Patel",
            "Khan",
            "Silva");

    static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

    /** Order channels and their weights (share of orders). */
    static final List<String> CHANNELS = List.of("web", "mobile", "store", "marketplace", "phone", "other");

    static final double[] CHANNEL_WEIGHTS = {0.45, 0.25, 0.20, 0.06, 0.03, 0.01};

    private DemoVocabulary() {}

    static String tenantSlug(int tenantIndex) {
        if (tenantIndex == 0) {
            return DEMO_TENANT_SLUG;
        }
        return tenantIndex < TENANT_NAMES.size()
                ? TENANT_NAMES
                        .get(tenantIndex)
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace(' ', '-')
                : "tenant-" + (tenantIndex + 1);
    }

    static String tenantName(int tenantIndex) {
        return tenantIndex < TENANT_NAMES.size() ? TENANT_NAMES.get(tenantIndex) : "Tenant " + (tenantIndex + 1);
    }
}
