package com.storepulse.privacy;

import com.storepulse.config.ConfigurationException;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the webhooks and the sync ask before they write a customer's change: was this customer
 * erased from the store? An erased customer's suppression entry ({@code customer_suppression}, a
 * {@link SubjectHashes keyed hash} of the retailer's id) makes them drop the change, so a replayed
 * webhook or a source that still holds the row cannot bring the customer back. Each refusal is
 * counted ({@value MetricNames#CUSTOMER_SUPPRESSED}, dimension {@code Path}) and logged with ids
 * StorePulse made up (source, event, run), never the customer's.
 *
 * <p>Both checks run in the writer's own transaction and take the store's ingest lock in shared
 * mode first (V18's {@code customer_suppressed} and {@code store_suppressions}); an erasure takes it
 * exclusively, so a change and an erasure of the same store never interleave. A store without
 * suppressions costs the sync one small query per batch and no hashing at all.
 *
 * <p>Without a hash key ({@link SubjectHashes#none()}) nothing can be matched: a store that has
 * suppressions then refuses every change with a {@link ConfigurationException} (fail closed)
 * rather than risk bringing an erased customer back.
 */
public final class Suppressions {

    public static final String WEBHOOK = "webhook";
    public static final String SYNC = "sync";

    private static final Logger LOG = LoggerFactory.getLogger(Suppressions.class);
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private final SubjectHashes hashes;
    private final MetricsRecorder metrics;

    public Suppressions(SubjectHashes hashes, MetricsRecorder metrics) {
        this.hashes = hashes;
        this.metrics = metrics;
    }

    /** No key: for writers built before erasure existed (tests); fails closed on a store with suppressions. */
    public static Suppressions unkeyed() {
        return new Suppressions(SubjectHashes.none(), MetricsRecorder.NOOP);
    }

    /**
     * Whether the change of customer {@code externalId} must be dropped, in the writer's
     * transaction {@code handle} (a webhook delivery). A refusal is counted under {@code path}.
     */
    public boolean refuses(Handle handle, long storeId, String externalId, String path) {
        boolean refused;
        if (hashes.configured()) {
            refused = handle.createQuery(sql("customerSuppressed"))
                    .bind("storeId", storeId)
                    .bindArray("subjects", String.class, (Object[]) hashes.allHex(storeId, externalId))
                    .mapTo(Boolean.class)
                    .one();
        } else {
            requireNoSuppressions(handle, storeId);
            refused = false;
        }
        if (refused) {
            metrics.count(MetricNames.CUSTOMER_SUPPRESSED, 1, Map.of("Path", path));
        }
        return refused;
    }

    /**
     * The store's suppressions for one batch of rows, read in the batch's transaction {@code handle}
     * (the sync): {@link Batch#refuses} then answers row by row without a query.
     */
    public Batch batch(Handle handle, long storeId) {
        List<byte[]> suppressed = handle.createQuery(sql("storeSuppressions"))
                .bind("storeId", storeId)
                .mapTo(byte[].class)
                .list();
        if (!suppressed.isEmpty() && !hashes.configured()) {
            requireNoSuppressions(handle, storeId);
        }
        Set<ByteBuffer> set = new HashSet<>();
        suppressed.forEach(hash -> set.add(ByteBuffer.wrap(hash)));
        return new Batch(storeId, set);
    }

    /** One batch's check: {@link #refuses} per row, {@link #report} once the batch is applied. */
    public final class Batch {

        private final long storeId;
        private final Set<ByteBuffer> suppressed;
        private int refused;

        private Batch(long storeId, Set<ByteBuffer> suppressed) {
            this.storeId = storeId;
            this.suppressed = suppressed;
        }

        /** Whether the row of (or naming) customer {@code externalId} must be skipped. */
        public boolean refuses(String externalId) {
            if (suppressed.isEmpty() || externalId == null) {
                return false;
            }
            for (byte[] hash : hashes.all(storeId, externalId)) {
                if (suppressed.contains(ByteBuffer.wrap(hash))) {
                    refused++;
                    return true;
                }
            }
            return false;
        }

        public int refused() {
            return refused;
        }

        /** Counts and logs the batch's skipped rows, naming only StorePulse's own ids ({@code what}). */
        public void report(String what) {
            if (refused > 0) {
                metrics.count(MetricNames.CUSTOMER_SUPPRESSED, refused, Map.of("Path", SYNC));
                LOG.info("{}: skipped {} row(s) of erased customers of store {} (suppressed)", what, refused, storeId);
            }
        }
    }

    private void requireNoSuppressions(Handle handle, long storeId) {
        boolean any = handle.createQuery(sql("customerSuppressed"))
                .bind("storeId", storeId)
                .bindNull("subjects", java.sql.Types.ARRAY)
                .mapTo(Boolean.class)
                .one();
        if (any) {
            throw new ConfigurationException(
                    "store " + storeId + " has erased customers, and " + SubjectHashes.KEY_SETTING
                            + " is not set: changes are refused until it is (they could bring an erased customer back)");
        }
    }

    private static String sql(String name) {
        return SQL.locate(Suppressions.class, name);
    }
}
