package com.storepulse.demodata;

import com.storepulse.demodata.DemoVocabulary.Region;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Deterministic, realistic retail demo data: the same options give byte-identical rows.
 *
 * <p>Customers follow the buy-till-you-die story the scoring models assume: each is acquired at
 * some point of the history (more of them recently), buys at a personal rate drawn from a
 * gamma distribution (so counts are a gamma-Poisson mix: many one-time buyers, a few heavy
 * ones), stops buying after an exponential lifetime, and spends a log-normal amount around a
 * personal mean. A few percent of orders are returned, a few are paid in another currency.
 * Order totals are exact: the purchase rates are calibrated to the requested count and the
 * last few orders are placed so the sum matches.
 *
 * <p>Every customer draws from its own random streams (seed, customer index), so the customer
 * rows and the order rows can be streamed in two separate COPYs without holding either.
 */
public final class DemoDataGenerator {

    private static final long DAY = 86_400;
    private static final double YEAR = 365.25 * DAY;
    /** Above this many orders, indexes are dropped for the load and rebuilt after. */
    static final int DEFER_INDEXES_FROM_ORDERS = 1_000_000;

    private static final double MEAN_LIFETIME_YEARS = 1.5;
    private static final double PURCHASE_RATE_SHAPE = 0.6;
    private static final double RETURN_SHARE = 0.035;
    private static final double FOREIGN_CURRENCY_SHARE = 0.06;
    private static final double PREFERRED_CHANNEL_SHARE = 0.7;
    private static final double HOME_COUNTRY_SHARE = 0.85;

    private static final int STREAM_PROFILE = 1;
    private static final int STREAM_ORDERS = 2;
    private static final int STREAM_COUNTS = 3;

    private final DemoDataOptions options;
    private final Consumer<String> log;
    private final long startSecond;
    private final long asOfSecond;

    public DemoDataGenerator(DemoDataOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.asOfSecond = options.asOf().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        this.startSecond = asOfSecond - (long) options.historyDays() * DAY;
    }

    /** Loads tenants, stores, customers and orders into an empty-or-not database (tenant slugs must be new). */
    public LoadReport load(Jdbi jdbi) {
        DemoDataScale scale = options.scale();
        List<StorePlan> stores = planStores();
        rejectExistingTenants(jdbi, stores);
        log.accept(String.format(
                "demo data: scale %s, seed %d, as of %s: %d tenants, %d stores, %,d customers, %,d orders",
                scale.name(),
                options.seed(),
                options.asOf(),
                scale.tenants(),
                scale.stores(),
                scale.customers(),
                scale.orders()));
        BulkLoad load = new BulkLoad(jdbi, log);
        int[] extraOrders = load.phase("plan order counts", this::planExtraOrders);
        boolean deferIndexes = scale.orders() >= DEFER_INDEXES_FROM_ORDERS;
        return load.run(deferIndexes, (handle, bulk) -> {
            List<Long> storeIds = insertTenantsAndStores(handle, stores);
            long firstCustomerId = bulk.nextCustomerId(handle);
            long customers =
                    bulk.phase("COPY dim_customer", () -> copyCustomers(handle, stores, storeIds, firstCustomerId));
            long[] orderRows = bulk.phase(
                    "COPY fact_order", () -> copyOrders(handle, stores, storeIds, firstCustomerId, extraOrders));
            return new BulkLoad.Written(
                    storeIds, customers, orderRows[0], orderRows[1], Instant.ofEpochSecond(asOfSecond));
        });
    }

    // ---- stores -------------------------------------------------------------------------------

    record StorePlan(int index, int tenantIndex, String name, Region region, int firstCustomer, int customers) {}

    List<StorePlan> planStores() {
        DemoDataScale scale = options.scale();
        int n = scale.stores();
        // Store sizes vary (log-normal weights); every store gets at least one customer.
        double[] weights = new double[n];
        double total = 0;
        for (int s = 0; s < n; s++) {
            weights[s] = Math.exp(
                    0.5 * Draws.stream(options.seed(), -1 - s, STREAM_PROFILE).nextGaussian());
            total += weights[s];
        }
        int spare = scale.customers() - n;
        int[] sizes = new int[n];
        int assigned = 0;
        for (int s = 0; s < n; s++) {
            sizes[s] = 1 + (int) Math.floor(spare * weights[s] / total);
            assigned += sizes[s];
        }
        for (int s = 0; assigned < scale.customers(); s = (s + 1) % n) {
            sizes[s]++;
            assigned++;
        }
        List<StorePlan> plans = new ArrayList<>(n);
        int first = 0;
        int[] perRegion = new int[DemoVocabulary.REGIONS.size()];
        for (int s = 0; s < n; s++) {
            int tenant = (int) ((long) s * scale.tenants() / n);
            int regionIndex = s % DemoVocabulary.REGIONS.size();
            Region region = DemoVocabulary.REGIONS.get(regionIndex);
            int branch = ++perRegion[regionIndex];
            String name = DemoVocabulary.tenantName(tenant) + " " + region.city() + (branch > 1 ? " #" + branch : "");
            plans.add(new StorePlan(s, tenant, name, region, first, sizes[s]));
            first += sizes[s];
        }
        return plans;
    }

    private void rejectExistingTenants(Jdbi jdbi, List<StorePlan> stores) {
        List<String> slugs = stores.stream()
                .map(s -> DemoVocabulary.tenantSlug(s.tenantIndex()))
                .distinct()
                .toList();
        List<String> existing = jdbi.withHandle(h -> h.createQuery(BulkLoad.sql("ExistingTenantSlugs"))
                .bindArray("slugs", String.class, slugs)
                .mapTo(String.class)
                .list());
        if (!existing.isEmpty()) {
            throw new IllegalStateException("the database already has demo tenant(s) " + existing
                    + "; demo data loads only into a database without them (use a fresh database)");
        }
    }

    private List<Long> insertTenantsAndStores(Handle handle, List<StorePlan> stores) {
        List<Long> tenantIds = new ArrayList<>();
        List<Long> storeIds = new ArrayList<>();
        for (StorePlan store : stores) {
            while (tenantIds.size() <= store.tenantIndex()) {
                int t = tenantIds.size();
                tenantIds.add(handle.createQuery(BulkLoad.sql("InsertTenant"))
                        .bind("slug", DemoVocabulary.tenantSlug(t))
                        .bind("name", DemoVocabulary.tenantName(t))
                        .mapTo(Long.class)
                        .one());
            }
            storeIds.add(handle.createQuery(BulkLoad.sql("InsertStore"))
                    .bind("tenantId", tenantIds.get(store.tenantIndex()))
                    .bind("name", store.name())
                    .bind("currency", store.region().currency())
                    .bind("timezone", store.region().timezone())
                    .mapTo(Long.class)
                    .one());
        }
        return storeIds;
    }

    // ---- customers ----------------------------------------------------------------------------

    /** Everything about one customer that does not depend on the order count. */
    record Profile(
            long firstOrderAt,
            long activeUntil,
            double expectedPurchases,
            double spendLogMean,
            int preferredChannel,
            String firstName,
            String lastName,
            String email,
            String country,
            long signedUpAt) {}

    Profile profile(int customer, Region region) {
        SplittableRandom rng = Draws.stream(options.seed(), customer, STREAM_PROFILE);
        long window = asOfSecond - startSecond;
        // Acquisitions grow over time: u^0.8 leans towards recent dates.
        long firstOrderAt = startSecond + (long) (Math.pow(rng.nextDouble(), 0.8) * window);
        long lifetime = (long) (rng.nextExponential() * MEAN_LIFETIME_YEARS * YEAR);
        long activeUntil = Math.min(asOfSecond, firstOrderAt + lifetime);
        double purchaseRate = Draws.gamma(rng, PURCHASE_RATE_SHAPE, 1.0);
        double expected = purchaseRate * (activeUntil - firstOrderAt) / YEAR;
        double spendLogMean = Math.log(55) + 0.6 * rng.nextGaussian();
        int channel = Draws.weighted(rng, DemoVocabulary.CHANNEL_WEIGHTS);
        String first = Draws.pick(rng, DemoVocabulary.FIRST_NAMES);
        String last = Draws.pick(rng, DemoVocabulary.LAST_NAMES);
        String email = (first + "." + last).toLowerCase(Locale.ROOT) + (customer + 1) + "@"
                + Draws.pick(rng, DemoVocabulary.EMAIL_DOMAINS);
        String country =
                rng.nextDouble() < HOME_COUNTRY_SHARE ? region.country() : Draws.pick(rng, DemoVocabulary.COUNTRIES);
        long signedUpAt = firstOrderAt - (long) (rng.nextDouble() * 90 * DAY);
        return new Profile(
                firstOrderAt, activeUntil, expected, spendLogMean, channel, first, last, email, country, signedUpAt);
    }

    /**
     * How many orders beyond the first each customer places: Poisson around the customer's
     * expected purchases, calibrated so the total is close to the target, then nudged to exact.
     */
    int[] planExtraOrders() {
        DemoDataScale scale = options.scale();
        int n = scale.customers();
        long target = (long) scale.orders() - n;
        float[] expected = new float[n];
        double sum = 0;
        for (StorePlan store : planStores()) {
            for (int c = store.firstCustomer(); c < store.firstCustomer() + store.customers(); c++) {
                expected[c] = (float) profile(c, store.region()).expectedPurchases();
                sum += expected[c];
            }
        }
        double calibration = sum > 0 ? target / sum : 0;
        int[] extra = new int[n];
        long total = 0;
        for (int c = 0; c < n; c++) {
            extra[c] = Draws.poisson(Draws.stream(options.seed(), c, STREAM_COUNTS), calibration * expected[c]);
            total += extra[c];
        }
        // Nudge to the exact total: add to or take from random repeat buyers (or anyone, if none).
        SplittableRandom nudge = Draws.stream(options.seed(), -1_000_000_000L, STREAM_COUNTS);
        boolean anyRepeat = Arrays.stream(extra).anyMatch(e -> e > 0);
        while (total != target) {
            int c = nudge.nextInt(n);
            if (total < target && (extra[c] > 0 || !anyRepeat)) {
                extra[c]++;
                total++;
            } else if (total > target && extra[c] > 0) {
                extra[c]--;
                total--;
            }
        }
        return extra;
    }

    private long copyCustomers(Handle handle, List<StorePlan> stores, List<Long> storeIds, long firstCustomerId) {
        try (CopyRows rows = CopyRows.open(handle, BulkLoad.sql("CopyCustomers"))) {
            for (StorePlan store : stores) {
                long storeId = storeIds.get(store.index());
                for (int c = store.firstCustomer(); c < store.firstCustomer() + store.customers(); c++) {
                    Profile p = profile(c, store.region());
                    rows.number(firstCustomerId + c)
                            .number(storeId)
                            .key("cus_", c + 1)
                            .text(p.email())
                            .text(p.firstName())
                            .text(p.lastName())
                            .text(p.country())
                            .timestamp(p.signedUpAt());
                    rows.endRow();
                }
            }
            return rows.finish();
        }
    }

    // ---- orders -------------------------------------------------------------------------------

    private long[] copyOrders(
            Handle handle, List<StorePlan> stores, List<Long> storeIds, long firstCustomerId, int[] extra) {
        long orders = 0;
        long returns = 0;
        try (CopyRows rows = CopyRows.open(handle, BulkLoad.sql("CopyOrders"))) {
            for (StorePlan store : stores) {
                StoreCurrency currency = new StoreCurrency(store.region().currency());
                long storeId = storeIds.get(store.index());
                for (int c = store.firstCustomer(); c < store.firstCustomer() + store.customers(); c++) {
                    Profile p = profile(c, store.region());
                    SplittableRandom rng = Draws.stream(options.seed(), c, STREAM_ORDERS);
                    long[] times = orderTimes(rng, p, 1 + extra[c]);
                    for (int o = 0; o < times.length; o++) {
                        returns += writeOrder(
                                rows, rng, p, currency, storeId, firstCustomerId + c, c + 1, o + 1, times[o]);
                        orders++;
                    }
                }
            }
            rows.finish();
        }
        return new long[] {orders, returns};
    }

    private static long[] orderTimes(SplittableRandom rng, Profile p, int count) {
        long[] times = new long[count];
        times[0] = p.firstOrderAt();
        long span = Math.max(1, p.activeUntil() - p.firstOrderAt());
        for (int i = 1; i < count; i++) {
            times[i] = p.firstOrderAt() + rng.nextLong(span);
        }
        Arrays.sort(times, 1, count);
        return times;
    }

    /** Writes one order (and its return, if any); returns the number of returns written. */
    private int writeOrder(
            CopyRows rows,
            SplittableRandom rng,
            Profile p,
            StoreCurrency store,
            long storeId,
            long customerId,
            int customerNumber,
            int orderNumber,
            long orderedAt) {
        double storeAmount = Math.max(1.0, Math.exp(p.spendLogMean() + 0.45 * rng.nextGaussian()) * store.priceLevel());
        int items = 1 + Math.min(23, Draws.poisson(rng, storeAmount / store.priceLevel() / 40.0));
        int channel = rng.nextDouble() < PREFERRED_CHANNEL_SHARE
                ? p.preferredChannel()
                : Draws.weighted(rng, DemoVocabulary.CHANNEL_WEIGHTS);
        int currency = rng.nextDouble() < FOREIGN_CURRENCY_SHARE ? store.foreign(rng) : store.home();
        long cents = Math.max(1, Math.round(storeAmount * 100 / store.rateToStore(currency)));
        writeFact(
                rows,
                storeId,
                "ord_",
                customerNumber,
                orderNumber,
                customerId,
                orderedAt,
                "order",
                cents,
                store,
                currency,
                items,
                channel);

        if (rng.nextDouble() >= RETURN_SHARE) {
            return 0;
        }
        long returnedAt = orderedAt + DAY * 2 + rng.nextLong(28 * DAY);
        boolean full = rng.nextDouble() < 0.7;
        double share = full ? 1.0 : 0.3 + 0.6 * rng.nextDouble();
        if (returnedAt >= asOfSecond) {
            return 0;
        }
        long refund = Math.max(1, Math.round(cents * share));
        int returnedItems = full ? items : Math.max(1, items / 2);
        writeFact(
                rows,
                storeId,
                "ret_",
                customerNumber,
                orderNumber,
                customerId,
                returnedAt,
                "return",
                -refund,
                store,
                currency,
                returnedItems,
                channel);
        return 1;
    }

    private static void writeFact(
            CopyRows rows,
            long storeId,
            String idPrefix,
            int customerNumber,
            int orderNumber,
            long customerId,
            long at,
            String kind,
            long cents,
            StoreCurrency store,
            int currency,
            int items,
            int channel) {
        rows.number(storeId)
                .key(idPrefix, customerNumber, orderNumber)
                .number(customerId)
                .number(CivilDate.dateKey(Math.floorDiv(at, DAY)))
                .timestamp(at)
                .text(kind)
                .cents(cents)
                .text(Currencies.CODES.get(currency))
                .text(store.rateText(currency))
                .number(items)
                .text(DemoVocabulary.CHANNELS.get(channel));
        rows.endRow();
    }

    /** A store's currency, the foreign ones some customers pay in, and the fixed rates between them. */
    private static final class StoreCurrency {
        private final int home;
        private final double priceLevel;
        private final double[] rates = new double[Currencies.CODES.size()];
        private final String[] rateTexts = new String[Currencies.CODES.size()];

        StoreCurrency(String code) {
            this.home = Currencies.CODES.indexOf(code);
            this.priceLevel = Currencies.priceLevel(code);
            for (int i = 0; i < rates.length; i++) {
                var rate = Currencies.rate(Currencies.CODES.get(i), code);
                rates[i] = rate.doubleValue();
                rateTexts[i] = rate.toPlainString();
            }
        }

        int home() {
            return home;
        }

        double priceLevel() {
            return priceLevel;
        }

        int foreign(SplittableRandom rng) {
            int other = rng.nextInt(rates.length - 1);
            return other >= home ? other + 1 : other;
        }

        double rateToStore(int currency) {
            return rates[currency];
        }

        String rateText(int currency) {
            return rateTexts[currency];
        }
    }
}
